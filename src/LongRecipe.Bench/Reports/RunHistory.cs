using System.Globalization;
using LongRecipe.Bench.Results;
using LongRecipe.Bench.Runs;
using ScottPlot;

namespace LongRecipe.Bench.Reports;

/// <summary>One run's line in results/history.csv: identity, versions and the headline numbers (null where the run lacks them).</summary>
public sealed record HistoryRow(string RunId, string Commit, string Profile, int Seed, string Dotnet, string TorchSharp, double? MatmulGflops,
    double? BaseRulerAtWindow, double? BaseNiahAtWindow, double? FullSequenceRulerAtTarget, double? LongRecipeRulerAtTarget,
    double? LongRecipeQualityRatio, double? LongRecipeFlopsRatio, double? LongRecipeLossAtTarget, double? PretrainingSeconds);

/// <summary>
/// results/history.csv, one row per run (a re-reported run replaces its own row), rewritten atomically, and its plot of
/// the headline numbers over runs.
/// </summary>
public static class RunHistory
{
    public const string FileName = "history.csv";

    /// <summary>One plot per profile: the same headline means different things at different sizes, so profiles never share axes.</summary>
    public static string PlotName(string profile) => $"history_{profile}.png";

    public static HistoryRow Row(RunSnapshot run)
    {
        var s = run.Summary;
        MethodSummary? Method(string name) => s.Methods.FirstOrDefault(m => m.Variant == name);
        var baseModel = Method(Profile.SuiteSelection.BaseMethod);
        var full = Method(BenchSummary.ReferenceMethod);
        var subject = Method(MarkdownReport.Subject);
        return new HistoryRow(s.RunId, run.Environment?.Commit ?? "unknown", s.Profile, s.Seed, run.Environment?.Dotnet ?? "unknown",
            run.Environment?.TorchSharp ?? "unknown", run.Environment?.MatmulGflopsPerSecond,
            baseModel?.RulerByLength?.GetValueOrDefault(s.BaseWindow)?.Mean, baseModel?.NiahByLength?.GetValueOrDefault(s.BaseWindow)?.Mean,
            full?.RulerByLength?.GetValueOrDefault(s.TargetLength)?.Mean, subject?.RulerByLength?.GetValueOrDefault(s.TargetLength)?.Mean,
            subject is null || full is null ? null : run.QualityRatio(MarkdownReport.Subject, BenchSummary.ReferenceMethod, s.TargetLength)?.Mean,
            subject?.FlopsVsFullSequence, subject?.LossAtTarget, s.Pretraining?.WallSeconds);
    }

    /// <summary>Adds (or replaces) the run's row and redraws its profile's plot next to the file.</summary>
    public static IReadOnlyList<HistoryRow> Append(string historyFile, HistoryRow row)
    {
        var rows = File.Exists(historyFile) ? CsvRecords.Read<HistoryRow>(historyFile) : [];
        rows = [.. rows.Where(r => r.RunId != row.RunId), row];
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(historyFile))!);
        AtomicFile.WriteText(historyFile, writer => CsvRecords.Write(writer, rows));
        Plot([.. rows.Where(r => r.Profile == row.Profile)], row.Profile,
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(historyFile))!, PlotName(row.Profile)));
        return rows;
    }

    static void Plot(IReadOnlyList<HistoryRow> rows, string profile, string path)
    {
        var plot = new Plot();
        plot.Title($"Headline numbers over runs of profile {profile} (history.csv)");
        plot.XLabel("run (oldest first)");
        plot.YLabel("RULER mean (0..100)");
        var palette = new ScottPlot.Palettes.Category10();
        var series = new (string Name, Func<HistoryRow, double?> Value)[]
        {
            ("base at its window", r => r.BaseRulerAtWindow), ("full-sequence at the target", r => r.FullSequenceRulerAtTarget),
            ("longrecipe at the target", r => r.LongRecipeRulerAtTarget),
        };
        foreach (var ((name, value), i) in series.Select((s, i) => (s, i)))
        {
            var points = rows.Select((r, x) => (x, y: value(r))).Where(p => p.y is not null).ToList();
            if (points.Count == 0) continue;
            var line = plot.Add.Scatter(points.Select(p => (double)p.x).ToArray(), points.Select(p => p.y!.Value).ToArray(), palette.GetColor(i));
            line.LegendText = name;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. rows.Select((_, x) => (double)x)], [.. rows.Select(r => r.RunId.Length > 18 ? r.RunId[..18] : r.RunId)]);
        plot.Axes.SetLimitsY(0, 100);
        plot.ShowLegend(Edge.Right);
        ReportPlots.SavePng(plot, path, 900, 480);
    }
}
