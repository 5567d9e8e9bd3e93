using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Suites;

namespace LongRecipe.Bench.Tests.Runs;

public sealed class RulerCurvesTests
{
    /// <summary>A model's stored scores: one RULER "average" row per length (interval ±5) and a task row that must be ignored.</summary>
    static ModelScores Scores(string model, params (int Length, double Mean)[] means) => new(model,
    [
        .. means.Select(m => new ScoreRow(model, "ruler", ScoreTable.AverageTask, m.Length, ScoreTable.AverageMetric, m.Mean, 7, 0, m.Mean - 5, m.Mean + 5)),
        new ScoreRow(model, "ruler", "niah_single_1", 128, "string_match_all", 100, 10, 0, 100, 100),
        new ScoreRow(model, "general", ScoreTable.AverageTask, 128, ScoreTable.AverageMetric, 100, 3, 0, 100, 100),
    ], []);

    static readonly ModelScores Base = Scores("base", (128, 40), (256, 20), (512, 10));

    static int? Effective(RulerCurves curves, string model) => curves.ByModel[model].EffectiveLength.Length;

    [Fact]
    public void The_threshold_is_the_base_models_mean_at_its_window_and_the_base_itself_reaches_its_window()
    {
        var curves = RulerCurves.From([Base, Scores("pose", (128, 45), (256, 41), (512, 39.99))], fixedThreshold: null, baseWindow: 128)!;
        Assert.Equal(new EffectiveLengthRule(40, "base model at 128", EffectiveLength.Rule), curves.Rule);
        Assert.Equal(128, Effective(curves, "base"));
        Assert.Equal(256, Effective(curves, "pose"));
        Assert.Equal(new Interval(41, 36, 46), curves.ByModel["pose"].ByLength[256]);
    }

    [Fact]
    public void A_mean_equal_to_the_threshold_passes()
    {
        var curves = RulerCurves.From([Base, Scores("yarn", (128, 40), (256, 40), (512, 40))], null, 128)!;
        Assert.Equal(512, Effective(curves, "yarn"));
        Assert.True(curves.ByModel["yarn"].EffectiveLength.PassesEveryTestedLength);
    }

    [Fact]
    public void A_failed_shorter_length_blocks_a_passing_longer_one()
    {
        var curves = RulerCurves.From([Base, Scores("pi", (128, 60), (256, 30), (512, 90), (1024, 90))], null, 128)!;
        Assert.Equal(128, Effective(curves, "pi"));
    }

    [Fact]
    public void A_model_failing_at_the_window_has_no_effective_length()
    {
        var curves = RulerCurves.From([Base, Scores("full-sequence", (128, 39.99), (256, 80), (512, 80))], null, 128)!;
        Assert.Null(Effective(curves, "full-sequence"));
        Assert.Equal("<128", curves.ByModel["full-sequence"].EffectiveLength.ToString());
    }

    [Fact]
    public void A_fixed_threshold_from_the_profile_replaces_the_base_score()
    {
        var curves = RulerCurves.From([Base, Scores("ntk", (128, 30), (256, 25))], fixedThreshold: 25, baseWindow: 128)!;
        Assert.Equal((25.0, "profile"), (curves.Rule.Threshold, curves.Rule.Source));
        Assert.Equal(128, Effective(curves, "base"));
        Assert.Equal(256, Effective(curves, "ntk"));
    }

    [Fact]
    public void Without_ruler_scores_there_are_no_curves()
    {
        var generalOnly = new ModelScores("base", [new ScoreRow("base", "general", "heldout_loss", 128, "loss", 2.3, 16, 0, null, null)], []);
        Assert.Null(RulerCurves.From([generalOnly], null, 128));
    }
}
