using System.Globalization;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Suites;

namespace LongRecipe.Bench.Runs;

/// <summary>
/// One row per model: what it cost and how it scores (alpha-sweep variants share their method's cost). RULER means per
/// length and the general suite's generative mean carry their 95% intervals (0..100).
/// </summary>
public sealed record MethodSummary(string Method, string Variant, long Tokens, double Flops, double? FlopsVsFullSequence, double WallSeconds,
    long PeakRssBytes, double LossAtWindow, double LossAtTarget, double LongRangeLossAtTarget, double EvidenceLossAtWindow, double OtherLossAtWindow,
    double? SelectionPrecision, double? SelectionRecall,
    IReadOnlyDictionary<int, Interval>? RulerByLength, IReadOnlyDictionary<int, Interval>? NiahByLength, EffectiveLength? EffectiveLength,
    Interval? GeneralScore, double? SelectionEvidenceRetained = null);

/// <summary>
/// The run's summary.json: enough to compare runs and to gate on without re-reading the details. <see cref="Pretraining"/>
/// is null for an `evaluate` run of checkpoints with their own tokenizer (the profile's base is not part of it).
/// </summary>
public sealed record BenchSummary(string Profile, string RunId, int Seed, int BaseWindow, int TargetLength, PretrainingRecord? Pretraining,
    EffectiveLengthRule? EffectiveLengthRule, IReadOnlyList<MethodSummary> Methods)
{
    /// <summary>The method every compute ratio is taken against.</summary>
    public const string ReferenceMethod = "full-sequence";

    /// <summary>Describe keeps to this many columns (a log read in an 80-column terminal).</summary>
    public const int LineWidth = 80;

    /// <summary><paramref name="fixedThreshold"/>: the effective-length threshold when not the base model's score at its window.</summary>
    public static BenchSummary From(Profile profile, string runId, PretrainingRecord? pretraining, IReadOnlyList<MethodResult> results,
        IReadOnlyList<LossAtLength> losses, IReadOnlyList<ModelScores> scores, double? fixedThreshold)
    {
        double? fullFlops = results.FirstOrDefault(r => r.Method == ReferenceMethod)?.TotalFlops;
        var curves = RulerCurves.From(scores, fixedThreshold, profile.Base.Window);
        var rows = new List<MethodSummary>();
        foreach (var result in results)
        foreach (var (variant, _) in result.Models)
        {
            LossAtLength At(int length) => losses.Single(l => l.Method == variant && l.Length == length);
            var curve = curves?.ByModel.GetValueOrDefault(variant);
            rows.Add(new MethodSummary(result.Method, variant, result.TotalTokens, result.TotalFlops,
                fullFlops is > 0 ? result.TotalFlops / fullFlops : null, result.Stages.Sum(s => s.WallSeconds),
                result.Stages.Count == 0 ? 0 : result.Stages.Max(s => s.PeakRssBytes),
                At(profile.Base.Window).Loss, At(profile.TargetLength).Loss, At(profile.TargetLength).LongRangeLoss,
                At(profile.Base.Window).EvidenceLoss, At(profile.Base.Window).OtherLoss,
                result.Selection?.Precision, result.Selection?.Recall, curve?.ByLength, curve?.NiahByLength, curve?.EffectiveLength,
                GeneralScore(scores.Single(s => s.Model == variant)), result.Selection?.EvidenceRetained));
        }
        return new BenchSummary(profile.Name, runId, profile.Seed, profile.Base.Window, profile.TargetLength, pretraining, curves?.Rule, rows);
    }

    /// <summary>The general suite's mean over its generative tasks (0..100): the short-context abilities merging should keep.</summary>
    static Interval? GeneralScore(ModelScores scores) =>
        scores.Scores.SingleOrDefault(s => s is { Suite: SuiteEvaluation.GeneralSuite, Task: ScoreTable.AverageTask }) is { CiLow: double low, CiHigh: double high } row
            ? new Interval(row.Score, low, high)
            : null;

    /// <summary>
    /// Plain-text tables for the console, each within <see cref="LineWidth"/> columns for model names up to 25
    /// characters: cost and losses; RULER means per length as "mean [low, high]", in blocks of lengths; effective
    /// length and general score.
    /// </summary>
    public IEnumerable<string> Describe()
    {
        const int intervalWidth = 20; // "100.0 [100.0, 100.0]"
        int width = Methods.Select(m => m.Variant.Length).Append("model".Length).Max();
        string Name(string name) => name.PadRight(width);
        static string F(double? v, string format) => v is double d && double.IsFinite(d) ? d.ToString(format, CultureInfo.InvariantCulture) : "-";
        static string Bounds(Interval? i) => i is null ? "-" : $"{F(i.Mean, "F1")} [{F(i.Low, "F1")}, {F(i.High, "F1")}]";

        yield return $"{Name("model")} {"tokens",9} {"FLOPs",9} {"÷ full",6} {"loss@" + BaseWindow,8} {"loss@" + TargetLength,9} {"far-loss",8}";
        foreach (var m in Methods)
            yield return $"{Name(m.Variant)} {m.Tokens,9:N0} {F(m.Flops, "E2"),9} {F(m.FlopsVsFullSequence, "F3"),6} {F(m.LossAtWindow, "F3"),8} " +
                         $"{F(m.LossAtTarget, "F3"),9} {F(m.LongRangeLossAtTarget, "F3"),8}";

        yield return "";
        yield return $"inside the window ({BaseWindow}): loss on tokens with annotated evidence vs on the others";
        yield return $"{Name("model")} {"evidence",8} {"other",8}";
        foreach (var m in Methods)
            yield return $"{Name(m.Variant)} {F(m.EvidenceLossAtWindow, "F3"),8} {F(m.OtherLossAtWindow, "F3"),8}";

        foreach (var (title, curve) in new (string, Func<MethodSummary, IReadOnlyDictionary<int, Interval>?>)[]
                 { ("RULER mean over tasks", m => m.RulerByLength), ("RULER mean over the NIAH tasks", m => m.NiahByLength) })
        {
            var lengths = Methods.SelectMany(m => curve(m)?.Keys ?? []).Distinct().Order().ToList();
            if (lengths.Count == 0) continue;
            yield return "";
            yield return $"{title} (0..100) [95% interval]";
            foreach (var block in lengths.Chunk(Math.Max(1, (LineWidth - width) / (intervalWidth + 1))))
            {
                yield return Name("length") + string.Concat(block.Select(l => " " + l.ToString(CultureInfo.InvariantCulture).PadLeft(intervalWidth)));
                foreach (var m in Methods)
                    yield return Name(m.Variant) + string.Concat(block.Select(l => " " + Bounds(curve(m)?.GetValueOrDefault(l)).PadLeft(intervalWidth)));
            }
        }

        yield return "";
        if (EffectiveLengthRule is { } rule)
        {
            yield return "effective length: the longest tested length whose RULER mean is at or above";
            yield return "the threshold there and at every shorter tested length";
            yield return $"threshold: {F(rule.Threshold, "F2")} ({rule.Source})";
            if (rule.Threshold <= 0)
                yield return "(a threshold of 0 passes every length: these effective lengths say nothing)";
        }
        yield return $"{Name("model")} {"eff.len",7} {"general [95% interval]",intervalWidth + 2}";
        foreach (var m in Methods)
            yield return $"{Name(m.Variant)} {m.EffectiveLength?.ToString() ?? "-",7} {Bounds(m.GeneralScore),intervalWidth + 2}";

        var selections = Methods.Where(m => m.SelectionRecall is not null && m.Variant == m.Method).ToList();
        if (selections.Count > 0) yield return "selected vs ground-truth long-range tokens (retained: kept with evidence):";
        foreach (var m in selections)
            yield return $"{Name(m.Method)} precision {F(m.SelectionPrecision, "F3")}, recall {F(m.SelectionRecall, "F3")}, retained {F(m.SelectionEvidenceRetained, "F3")}";
    }
}
