using System.Globalization;
using LongRecipe.Bench.Recipe;

namespace LongRecipe.Bench.Runs;

/// <summary>One row per model: what it cost and how it scores (alpha-sweep variants share their method's cost).</summary>
public sealed record MethodSummary(string Method, string Variant, long Tokens, double Flops, double? FlopsVsFullSequence, double WallSeconds,
    long PeakRssBytes, double LossAtWindow, double LossAtTarget, double LongRangeLossAtTarget, double? SelectionPrecision, double? SelectionRecall,
    IReadOnlyDictionary<int, double>? RulerByLength, int? EffectiveLength, double? GeneralScore);

/// <summary>The run's summary.json: enough to compare runs and to gate on without re-reading the details.</summary>
public sealed record BenchSummary(string Profile, string RunId, int Seed, int BaseWindow, int TargetLength, PretrainingRecord Pretraining,
    IReadOnlyList<MethodSummary> Methods)
{
    /// <summary>The method every compute ratio is taken against.</summary>
    public const string ReferenceMethod = "full-sequence";

    public static BenchSummary From(Profile profile, string runId, PretrainingRecord pretraining, IReadOnlyList<MethodResult> results,
        IReadOnlyList<LossAtLength> losses, IReadOnlyList<ModelScores> scores)
    {
        double? fullFlops = results.FirstOrDefault(r => r.Method == ReferenceMethod)?.TotalFlops;
        var rows = new List<MethodSummary>();
        foreach (var result in results)
        foreach (var (variant, _) in result.Models)
        {
            ModelScores Scores(string model) => scores.Single(s => s.Model == model);
            LossAtLength At(int length) => losses.Single(l => l.Method == variant && l.Length == length);
            rows.Add(new MethodSummary(result.Method, variant, result.TotalTokens, result.TotalFlops,
                fullFlops is > 0 ? result.TotalFlops / fullFlops : null, result.Stages.Sum(s => s.WallSeconds),
                result.Stages.Count == 0 ? 0 : result.Stages.Max(s => s.PeakRssBytes),
                At(profile.Base.Window).Loss, At(profile.TargetLength).Loss, At(profile.TargetLength).LongRangeLoss,
                result.Selection?.Precision, result.Selection?.Recall, Scores(variant).Ruler?.AverageByLength, Scores(variant).Ruler?.EffectiveLength,
                GeneralScore(Scores(variant))));
        }
        return new BenchSummary(profile.Name, runId, profile.Seed, profile.Base.Window, profile.TargetLength, pretraining, rows);
    }

    /// <summary>Mean of the general suite's generative scores (0..100): the short-context abilities merging should keep.</summary>
    static double? GeneralScore(ModelScores scores)
    {
        var generative = scores.Scores.Where(s => s.Suite == "general" && s.Metric.StartsWith("string_match", StringComparison.Ordinal)).ToList();
        return generative.Count == 0 ? null : generative.Average(s => s.Score);
    }

    /// <summary>A plain-text table for the console.</summary>
    public IEnumerable<string> Describe()
    {
        static string F(double? v, string format) => v is double d && double.IsFinite(d) ? d.ToString(format, CultureInfo.InvariantCulture) : "-";
        var lengths = Methods.SelectMany(m => m.RulerByLength?.Keys ?? []).Distinct().Order().ToList();
        yield return $"{"model",-26} {"tokens",10} {"FLOPs",9} {"÷ full",7} {"loss@" + BaseWindow,9} {"loss@" + TargetLength,10} {"far-loss",9} " +
                     string.Concat(lengths.Select(l => $"{"R@" + l,7} ")) + $"{"eff.len",7} {"general",7}";
        foreach (var m in Methods)
            yield return $"{m.Variant,-26} {m.Tokens,10:N0} {F(m.Flops, "E2"),9} {F(m.FlopsVsFullSequence, "F3"),7} {F(m.LossAtWindow, "F3"),9} " +
                         $"{F(m.LossAtTarget, "F3"),10} {F(m.LongRangeLossAtTarget, "F3"),9} " +
                         string.Concat(lengths.Select(l => $"{F(m.RulerByLength?.GetValueOrDefault(l, double.NaN), "F1"),7} ")) +
                         $"{m.EffectiveLength?.ToString(CultureInfo.InvariantCulture) ?? "-",7} {F(m.GeneralScore, "F1"),7}";
        foreach (var m in Methods.Where(m => m.SelectionRecall is not null && m.Variant == m.Method))
            yield return $"{m.Method}: selected tokens vs ground-truth long-range tokens: precision {F(m.SelectionPrecision, "F3")}, recall {F(m.SelectionRecall, "F3")}";
    }
}
