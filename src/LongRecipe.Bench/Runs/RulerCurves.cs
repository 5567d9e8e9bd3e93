using LongRecipe.Bench.Suites;

namespace LongRecipe.Bench.Runs;

/// <summary>How the run's effective lengths were decided: the threshold, where it came from, and the rule.</summary>
public sealed record EffectiveLengthRule(double Threshold, string Source, string Rule);

/// <summary>
/// A model's RULER mean per length (all tasks, and the NIAH family alone; empty when the run has no NIAH task) with
/// 95% intervals, and its effective length under the run's rule (decided on the mean over all tasks, as RULER does).
/// </summary>
public sealed record RulerCurve(IReadOnlyDictionary<int, Interval> ByLength, IReadOnlyDictionary<int, Interval> NiahByLength, EffectiveLength EffectiveLength);

/// <summary>
/// Effective lengths are decided in the summary step, from the per-length means every model's stored scores hold (so
/// a resumed run decides them from the same numbers): the threshold is the profile's fixed score, or else the base
/// model's RULER mean at its own window, the transposition of RULER's 85.6 (Llama-2-7B at its own training window).
/// </summary>
public sealed record RulerCurves(EffectiveLengthRule Rule, IReadOnlyDictionary<string, RulerCurve> ByModel)
{
    public const string ProfileSource = "profile";

    /// <summary>Null when no model has RULER scores (the profile runs no RULER suite).</summary>
    public static RulerCurves? From(IReadOnlyList<ModelScores> scores, double? fixedThreshold, int baseWindow)
    {
        var means = scores.Select(s => (s.Model, ByLength: MeansByLength(s, ScoreTable.AverageTask))).Where(s => s.ByLength.Count > 0)
            .ToDictionary(s => s.Model, s => s.ByLength);
        if (means.Count == 0) return null;
        var rule = fixedThreshold is double threshold
            ? new EffectiveLengthRule(threshold, ProfileSource, EffectiveLength.Rule)
            : new EffectiveLengthRule(BaseScoreAtWindow(means, baseWindow), $"{Profile.SuiteSelection.BaseMethod} model at {baseWindow}", EffectiveLength.Rule);
        return new RulerCurves(rule, means.ToDictionary(m => m.Key, m => new RulerCurve(m.Value,
            MeansByLength(scores.Single(s => s.Model == m.Key), ScoreTable.NiahAverageTask),
            EffectiveLength.Compute(m.Value.ToDictionary(l => l.Key, l => l.Value.Mean), rule.Threshold))));
    }

    /// <summary>A model's stored RULER average rows of one kind: the mean over tasks per length, with its interval.</summary>
    static IReadOnlyDictionary<int, Interval> MeansByLength(ModelScores scores, string average) =>
        scores.Scores.Where(s => s.Suite == SuiteEvaluation.RulerSuite && s.Task == average).OrderBy(s => s.Length).ToDictionary(s => s.Length,
            s => new Interval(s.Score, s.CiLow ?? throw Unbounded(scores.Model), s.CiHigh ?? throw Unbounded(scores.Model)));

    static InvalidDataException Unbounded(string model) =>
        new($"the stored RULER means of {model} carry no interval (written by an older version?); rerun its suites");

    static double BaseScoreAtWindow(IReadOnlyDictionary<string, IReadOnlyDictionary<int, Interval>> means, int baseWindow) =>
        means.TryGetValue(Profile.SuiteSelection.BaseMethod, out var byLength) && byLength.TryGetValue(baseWindow, out var atWindow)
            ? atWindow.Mean
            : throw new InvalidOperationException($"the effective-length threshold needs the {Profile.SuiteSelection.BaseMethod} model's RULER mean at {baseWindow}");
}
