using System.Globalization;
using System.Text;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Suites;

namespace LongRecipe.Bench.Reports;

/// <summary>
/// report.md of one run, written from its snapshot only: RULER means per method × length with intervals, effective
/// lengths, general scores against the base, held-out loss by length, cost against full-sequence training, and the two
/// ratios people come for (LongRecipe ÷ full-sequence in quality at the target and in compute).
/// </summary>
public static class MarkdownReport
{
    public const string FileName = "report.md";
    public const string Subject = "longrecipe", Reference = BenchSummary.ReferenceMethod;

    public static string Render(RunSnapshot run, IReadOnlyList<string> plots)
    {
        var s = run.Summary;
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line($"# {s.Profile}: {s.BaseWindow} → {s.TargetLength} tokens (run {s.RunId}, seed {s.Seed})");
        Line();
        Line((s.Pretraining is { } p
                 ? $"Base model pretrained {p.Steps:N0} steps, {p.Tokens:N0} tokens, {p.Flops:E2} FLOPs ({p.WallSeconds:F0} s{Calibrated(run)}). "
                 : "Checkpoints evaluated with their own tokenizer; no base model of the profile in this run. ") +
             "Intervals are 95% (bootstrap over samples). Written from the run folder alone.");
        Line();
        foreach (var line in Headline(run)) Line(line);

        foreach (var (title, curve) in new (string, Func<MethodSummary, IReadOnlyDictionary<int, Interval>?>)[]
                 { ("RULER mean over all tasks (0..100)", m => m.RulerByLength), ("RULER mean over the NIAH tasks (0..100)", m => m.NiahByLength) })
        {
            var lengths = s.Methods.SelectMany(m => curve(m)?.Keys ?? []).Distinct().Order().ToList();
            if (lengths.Count == 0) continue;
            Line($"## {title}");
            Line();
            Line("| model | " + string.Join(" | ", lengths) + " |");
            Line("|---|" + string.Concat(lengths.Select(_ => "---|")));
            foreach (var m in s.Methods)
                Line($"| {m.Variant} | " + string.Join(" | ", lengths.Select(l => Bounds(curve(m)?.GetValueOrDefault(l)))) + " |");
            Line();
        }

        if (s.EffectiveLengthRule is { } rule)
        {
            Line("## Effective length");
            Line();
            Line($"Threshold {F(rule.Threshold, "F2")} ({rule.Source}); rule: {rule.Rule}.");
            Line();
            Line("| model | effective length | general (0..100) | change vs base |");
            Line("|---|---|---|---|");
            var baseGeneral = s.Methods.FirstOrDefault(m => m.Variant == Profile.SuiteSelection.BaseMethod)?.GeneralScore;
            foreach (var m in s.Methods)
                Line($"| {m.Variant} | {m.EffectiveLength?.Length?.ToString(CultureInfo.InvariantCulture) ?? "below every length"} | {Bounds(m.GeneralScore)} | " +
                     $"{(m.GeneralScore is { } g && baseGeneral is { } b ? Signed(g.Mean - b.Mean) : "-")} |");
            Line();
        }

        var lossLengths = run.Losses.Select(l => l.Length).Distinct().Order().ToList();
        Line("## Held-out loss (nats per token) by length; far = tokens whose evidence lies more than a base window back");
        Line();
        Line("| model | " + string.Join(" | ", lossLengths) + $" | far @ {s.TargetLength} |");
        Line("|---|" + string.Concat(lossLengths.Select(_ => "---|")) + "---|");
        foreach (var m in s.Methods)
            Line($"| {m.Variant} | " + string.Join(" | ", lossLengths.Select(l => F(run.Losses.FirstOrDefault(x => x.Method == m.Variant && x.Length == l)?.Loss, "F3"))) +
                 $" | {F(m.LongRangeLossAtTarget, "F3")} |");
        Line();

        var distances = run.DistanceLosses.Where(d => d.Length == s.TargetLength && d.Kind == DistanceLoss.AllKinds).ToList();
        if (distances.Count > 0)
        {
            var buckets = distances.Select(d => (d.MinDistance, d.MaxDistance)).Distinct().OrderBy(b => b.MinDistance).ToList();
            Line($"## Held-out loss at {s.TargetLength} on recalled tokens, by how far back their evidence lies (tokens)");
            Line();
            Line("| model | " + string.Join(" | ", buckets.Select(b => $"({b.MinDistance}, {b.MaxDistance}]")) + " |");
            Line("|---|" + string.Concat(buckets.Select(_ => "---|")));
            foreach (var m in s.Methods)
                Line($"| {m.Variant} | " + string.Join(" | ", buckets.Select(b =>
                    F(distances.FirstOrDefault(d => d.Method == m.Variant && d.MinDistance == b.MinDistance)?.Loss, "F3"))) + " |");
            Line();
            Line("Tokens per bucket: " + string.Join(", ", buckets.Select(b =>
                $"({b.MinDistance}, {b.MaxDistance}] {distances.First(d => d.MinDistance == b.MinDistance).Tokens}")) + " (the same held-out documents for every model).");
            Line();
        }

        // Far tokens of each dependency kind: pooled over the buckets past one base window (token-weighted).
        var far = run.DistanceLosses.Where(d => d.Length == s.TargetLength && d.Kind != DistanceLoss.AllKinds && d.MinDistance >= s.BaseWindow && d.Tokens > 0)
            .GroupBy(d => (d.Method, d.Kind)).ToDictionary(g => g.Key, g => (Loss: g.Sum(d => d.Loss * d.Tokens) / g.Sum(d => d.Tokens), Tokens: g.Sum(d => d.Tokens)));
        var kinds = far.Keys.Select(k => k.Kind).Distinct().Order(StringComparer.Ordinal).ToList();
        if (kinds.Count > 0)
        {
            Line($"## Far-token loss at {s.TargetLength} by dependency kind (evidence more than {s.BaseWindow} tokens back)");
            Line();
            Line("| model | " + string.Join(" | ", kinds) + " |");
            Line("|---|" + string.Concat(kinds.Select(_ => "---|")));
            foreach (var m in s.Methods)
                Line($"| {m.Variant} | " + string.Join(" | ", kinds.Select(k => F(far.TryGetValue((m.Variant, k), out var v) ? v.Loss : null, "F3"))) + " |");
            Line();
            Line("Tokens per kind: " + string.Join(", ", kinds.Select(k => $"{k} {far.First(f => f.Key.Kind == k).Value.Tokens}")) + ".");
            Line();
        }

        Line("## Cost (each ÷ full-sequence)");
        Line();
        var full = s.Methods.FirstOrDefault(m => m.Variant == Reference);
        Line("| method | tokens | ÷ | FLOPs | ÷ | wall s | ÷ | peak RSS MiB | ÷ |");
        Line("|---|---|---|---|---|---|---|---|---|");
        foreach (var m in s.Methods.Where(m => m.Variant == m.Method))
            Line($"| {m.Method} | {m.Tokens:N0} | {Ratio(m.Tokens, full?.Tokens)} | {m.Flops:E2} | {Ratio(m.Flops, full?.Flops)} | {m.WallSeconds:F0} | " +
                 $"{Ratio(m.WallSeconds, full?.WallSeconds)} | {m.PeakRssBytes / 1048576.0:F0} | {Ratio(m.PeakRssBytes, full?.PeakRssBytes)} |");
        Line();
        Line("Tokens and FLOPs are counted (bit-identical for a seed); wall time and peak RSS are measured and vary between runs.");
        Line();

        var selections = s.Methods.Where(m => m.SelectionRecall is not null && m.Variant == m.Method).ToList();
        if (selections.Count > 0)
        {
            Line("## Selection against the planted ground truth (tokens whose evidence lies more than a base window back)");
            Line();
            Line("| method | precision | recall | evidence retained |");
            Line("|---|---|---|---|");
            foreach (var m in selections)
                Line($"| {m.Method} | {F(m.SelectionPrecision, "F3")} | {F(m.SelectionRecall, "F3")} | {F(m.SelectionEvidenceRetained, "F3")} |");
            Line();
            Line("Evidence retained: of the kept long-range tokens, the share whose evidence token was kept from the same document.");
            Line();
        }

        foreach (var line in SeedSection(run)) Line(line);

        if (plots.Count > 0)
        {
            Line("## Plots");
            Line();
            if (ReportPlots.FontWarning() is { } warning) { Line(warning); Line(); }
            foreach (var plot in plots) Line($"![{System.IO.Path.GetFileNameWithoutExtension(plot)}]({plot})");
        }
        return text.ToString();
    }

    /// <summary>LongRecipe ÷ full-sequence: RULER quality at the target (paired over identical prompts) and training compute.</summary>
    static IEnumerable<string> Headline(RunSnapshot run)
    {
        var s = run.Summary;
        var subject = s.Methods.FirstOrDefault(m => m.Variant == Subject);
        var full = s.Methods.FirstOrDefault(m => m.Variant == Reference);
        if (subject is null || full is null)
        {
            yield return $"(The headline ratios need both `{Subject}` and `{Reference}` in the run.)";
            yield return "";
            yield break;
        }
        var quality = run.QualityRatio(Subject, Reference, s.TargetLength);
        yield return "## Headline";
        yield return "";
        yield return $"- **Quality at the target ({s.TargetLength})**, RULER mean {Subject} ÷ {Reference}: " +
                     (quality is null ? "- (no per-sample records, or full-sequence scores 0)" : $"{Bounds(quality, "F2")} (paired bootstrap over identical prompts)") + ".";
        yield return $"- **Compute**, training FLOPs {Subject} ÷ {Reference}: {Ratio(subject.Flops, full.Flops)} (counted); wall time {Ratio(subject.WallSeconds, full.WallSeconds)} (measured).";
        yield return "";
    }

    static string Calibrated(RunSnapshot run) =>
        run.Environment is { } c ? $"; this machine's matmul rate in the run: {c.MatmulGflopsPerSecond:F0} GFLOP/s on {c.Threads} threads" : "";

    /// <summary>
    /// The headline scores at every seed of the run with their mean ± t half-width, then which methods the subject's NIAH mean
    /// at the target is separated from; nothing for a run of one seed.
    /// </summary>
    static IEnumerable<string> SeedSection(RunSnapshot run)
    {
        if (run.OtherSeeds.Count == 0) yield break;
        var seeds = AcrossSeeds.SeedsOf(run);
        var table = AcrossSeeds.Table(run);
        yield return $"## Across seeds ({string.Join(", ", seeds)})";
        yield return "";
        yield return $"Each score at seeds {string.Join(" / ", seeds)}, then their mean ± the half-width of a 95% t interval over the {seeds.Count} " +
                     "seeds (every generator re-seeded: base initialisation, documents, training order; the suites' prompts stay the same).";
        yield return "";
        yield return "| model | " + string.Join(" | ", table.Select(c => c.Column)) + " |";
        yield return "|---|" + string.Concat(table.Select(_ => "---|"));
        foreach (var model in run.Models)
            yield return $"| {model} | " + string.Join(" | ", table.Select(c => c.ByModel.TryGetValue(model, out var v)
                ? $"{string.Join(" / ", v.Values.Select(x => F(x, "F1")))} → **{F(v.Mean, "F1")} ± {F(v.HalfWidth, "F1")}**" : "-")) + " |";
        yield return "";
        // The longest RULER length (the target, unless a profile stops short of it).
        var (column, longest) = table.Last(c => c.Column.StartsWith("NIAH@", StringComparison.Ordinal));
        if (!longest.TryGetValue(Subject, out var subject)) yield break;
        string Models(int side) => string.Join(", ", longest.Where(p => p.Key != Subject && p.Value.Separation(subject) == side).Select(p => p.Key)) is { Length: > 0 } names ? names : "none";
        yield return $"{column}: {Subject} {F(subject.Mean, "F1")} ± {F(subject.HalfWidth, "F1")} over the seeds; " +
                     $"above it with separated intervals: {Models(1)}; below it: {Models(-1)}; the others overlap it (no difference claimed).";
        yield return "";
    }

    static string F(double? v, string format) => v is double d && double.IsFinite(d) ? d.ToString(format, CultureInfo.InvariantCulture) : "-";
    static string Bounds(Interval? i, string format = "F1") => i is null ? "-" : $"{F(i.Mean, format)} [{F(i.Low, format)}, {F(i.High, format)}]";
    static string Signed(double v) => (v >= 0 ? "+" : "") + v.ToString("F1", CultureInfo.InvariantCulture);
    static string Ratio(double value, double? of) => of is > 0 ? (value / of.Value).ToString("F3", CultureInfo.InvariantCulture) : "-";
}
