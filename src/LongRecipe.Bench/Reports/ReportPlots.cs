using System.Globalization;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Suites;
using ScottPlot;

namespace LongRecipe.Bench.Reports;

/// <summary>
/// The report's PNGs (ScottPlot), drawn from the snapshot only. Every method keeps one colour across all plots (its
/// place in the run's method list); lengths are drawn on a log2 axis labelled in tokens.
/// </summary>
public static class ReportPlots
{
    const int Width = 900, Height = 540;

    /// <summary>Null where the machine has fonts; else the line the report prints: ScottPlot then draws no readable text.</summary>
    public static string? FontWarning() => SkiaSharp.SKFontManager.Default.FontFamilyCount > 0 ? null
        : "No font is installed on this machine, so the plots carry no readable titles, labels or legends (install e.g. fonts-dejavu-core).";

    /// <summary>Writes every plot under <paramref name="folder"/> and returns the file names relative to the run folder.</summary>
    public static IReadOnlyList<string> Write(RunSnapshot run, string folder)
    {
        Directory.CreateDirectory(folder);
        var colors = MethodColors(run);
        var written = new List<string>();
        void Save(Plot plot, string name)
        {
            SavePng(plot, Path.Combine(folder, name), Width, Height);
            written.Add($"{Path.GetFileName(folder)}/{name}");
        }

        if (run.Summary.Methods.Any(m => m.RulerByLength is not null)) Save(RulerVsLength(run, colors), "ruler_vs_length.png");
        Save(ComputeVsQuality(run, colors), "compute_vs_quality.png");
        Save(LossVsLength(run, colors), "loss_vs_length.png");
        if (run.Curve.Count > 0) Save(TrainingLoss(run, colors), "training_loss.png");
        foreach (var model in run.Models)
            if (NiahHeatmap(run, model) is { } heatmap) Save(heatmap, $"niah_depth_length_{Results.RunFolder.SafeName(model)}.png");
        return written;
    }

    /// <summary>Writes the PNG beside its final name, then renames it: a reader never sees half a picture.</summary>
    internal static void SavePng(Plot plot, string path, int width, int height)
    {
        string temporary = path + ".tmp.png";
        plot.SavePng(temporary, width, height);
        File.Move(temporary, path, overwrite: true);
    }

    static Dictionary<string, Color> MethodColors(RunSnapshot run)
    {
        var palette = new ScottPlot.Palettes.Category10();
        return run.Models.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => palette.GetColor(p.i));
    }

    static Plot RulerVsLength(RunSnapshot run, Dictionary<string, Color> colors)
    {
        var plot = New("RULER mean over all tasks vs length (band: 95% interval)", "evaluation length (tokens, log scale)", "RULER mean (0..100)");
        var lengths = new SortedSet<int>();
        foreach (var m in run.Summary.Methods.Where(m => m.RulerByLength is not null))
        {
            var points = m.RulerByLength!.OrderBy(p => p.Key).ToList();
            double[] xs = [.. points.Select(p => Math.Log2(p.Key))];
            var band = plot.Add.FillY(xs, [.. points.Select(p => p.Value.Low)], [.. points.Select(p => p.Value.High)]);
            band.FillColor = colors[m.Variant].WithAlpha(0.15);
            band.LineWidth = 0;
            var line = plot.Add.Scatter(xs, [.. points.Select(p => p.Value.Mean)], colors[m.Variant]);
            line.LegendText = m.Variant;
            line.LineWidth = 2;
            lengths.UnionWith(points.Select(p => p.Key));
        }
        if (run.Summary.EffectiveLengthRule is { } rule)
        {
            var threshold = plot.Add.HorizontalLine(rule.Threshold, 1.5f, Colors.Black, LinePattern.Dashed);
            threshold.LegendText = $"effective-length threshold {rule.Threshold:F1}";
        }
        LengthAxis(plot, lengths);
        plot.Axes.SetLimitsY(0, 100);
        return plot;
    }

    static Plot ComputeVsQuality(RunSnapshot run, Dictionary<string, Color> colors)
    {
        int target = run.Summary.TargetLength;
        var plot = New($"Compute vs quality at the target ({target} tokens)", "training FLOPs ÷ full-sequence", $"RULER mean at {target} (0..100, 95% interval)");
        foreach (var m in run.Summary.Methods)
        {
            if (m.RulerByLength?.GetValueOrDefault(target) is not { } score) continue;
            double x = m.FlopsVsFullSequence ?? 0;
            plot.Add.Line(x, score.Low, x, score.High).Color = colors[m.Variant];
            var marker = plot.Add.Marker(x, score.Mean, MarkerShape.FilledCircle, 10, colors[m.Variant]);
            marker.LegendText = m.Variant;
            var label = plot.Add.Text(m.Variant, x, score.Mean);
            label.LabelFontSize = 11;
            label.LabelFontColor = colors[m.Variant];
            label.LabelOffsetX = 8;
        }
        double widest = run.Summary.Methods.Max(m => m.FlopsVsFullSequence ?? 0);
        plot.Axes.SetLimits(-0.05, Math.Max(1, widest) * 1.25, 0, 100);   // room for the labels right of the markers
        return plot;
    }

    static Plot LossVsLength(RunSnapshot run, Dictionary<string, Color> colors)
    {
        var plot = New("Held-out loss vs length", "evaluation length (tokens, log scale)", "loss (nats per token)");
        foreach (var model in run.Models)
        {
            var rows = run.Losses.Where(l => l.Method == model).OrderBy(l => l.Length).ToList();
            var line = plot.Add.Scatter(rows.Select(r => Math.Log2(r.Length)).ToArray(), rows.Select(r => r.Loss).ToArray(), colors[model]);
            line.LegendText = model;
            line.LineWidth = 2;
        }
        LengthAxis(plot, run.Losses.Select(l => l.Length));
        return plot;
    }

    static Plot TrainingLoss(RunSnapshot run, Dictionary<string, Color> colors)
    {
        const int window = 20;   // a batch of 4 sequences is noisy; the trailing mean shows the trend
        var plot = New($"Training loss ({window}-step trailing mean; dotted: a method's next stage begins)", "optimizer step", "training loss (nats per token)");
        foreach (var method in run.Curve.GroupBy(c => c.Method))
        {
            var losses = method.OrderBy(c => c.Stage).ThenBy(c => c.Step).Select(p => p.Loss).ToList();
            double[] smoothed = [.. losses.Select((_, i) => losses.Skip(Math.Max(0, i - window + 1)).Take(Math.Min(window, i + 1)).Average())];
            var color = colors.GetValueOrDefault(method.Key, Colors.Gray);
            var line = plot.Add.Scatter(Enumerable.Range(0, smoothed.Length).Select(i => (double)i).ToArray(), smoothed, color);
            line.LegendText = method.Key;
            line.MarkerSize = 0;
            // Where a later stage (LongRecipe's replay, say) begins, a dotted line in the method's colour marks it.
            int start = 0;
            foreach (var stage in method.GroupBy(c => c.Stage).OrderBy(g => g.Key))
            {
                if (start > 0) plot.Add.VerticalLine(start, 1, color, LinePattern.Dotted).Text = $"{method.Key} stage {stage.Key}";
                start += stage.Count();
            }
        }
        return plot;
    }

    /// <summary>Mean NIAH score per needle depth × length, one cell each, score written in the cell; null without NIAH records.</summary>
    static Plot? NiahHeatmap(RunSnapshot run, string model)
    {
        var records = run.Samples(model, SuiteEvaluation.RulerSuite).Where(r => r.Task.StartsWith("niah_", StringComparison.Ordinal) && r.Depth is not null).ToList();
        if (records.Count == 0) return null;
        var lengths = records.Select(r => r.Length).Distinct().Order().ToList();
        var depths = records.Select(r => Math.Round(r.Depth!.Value, 2)).Distinct().Order().ToList();
        // No legend: an empty legend panel beside the data makes ScottPlot render the whole image blank.
        var plot = New($"{model}: NIAH mean by needle depth and length", "evaluation length (tokens)", "needle depth (0 = start of the haystack)", legend: false);
        var colormap = new ScottPlot.Colormaps.Viridis();
        for (int x = 0; x < lengths.Count; x++)
        for (int y = 0; y < depths.Count; y++)
        {
            var cell = records.Where(r => r.Length == lengths[x] && Math.Round(r.Depth!.Value, 2) == depths[y]).ToList();
            if (cell.Count == 0) continue;
            double mean = cell.Average(r => r.Score);
            var rectangle = plot.Add.Rectangle(x, x + 1, depths.Count - y - 1, depths.Count - y);
            rectangle.FillColor = colormap.GetColor(mean / 100);
            rectangle.LineWidth = 0;
            var label = plot.Add.Text(mean.ToString("F0", CultureInfo.InvariantCulture), x + 0.5, depths.Count - y - 0.5);
            label.LabelFontColor = mean > 60 ? Colors.Black : Colors.White;
            label.LabelAlignment = Alignment.MiddleCenter;
            label.LabelFontSize = 14;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. lengths.Select((_, i) => i + 0.5)], [.. lengths.Select(l => l.ToString(CultureInfo.InvariantCulture))]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. depths.Select((_, i) => depths.Count - i - 0.5)], [.. depths.Select(d => d.ToString("0.##", CultureInfo.InvariantCulture))]);
        plot.Axes.SetLimits(0, lengths.Count, 0, depths.Count);
        return plot;
    }

    static Plot New(string title, string x, string y, bool legend = true)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        if (legend) plot.ShowLegend(Edge.Right);   // outside the data area: it never hides a point
        return plot;
    }

    static void LengthAxis(Plot plot, IEnumerable<int> lengths)
    {
        var distinct = lengths.Distinct().Order().ToList();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. distinct.Select(l => Math.Log2(l))], [.. distinct.Select(l => l.ToString(CultureInfo.InvariantCulture))]);
    }
}
