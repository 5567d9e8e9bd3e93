namespace LongRecipe.Bench.Reports;

/// <summary>The `report` step: a finished run folder in, report.md and plots/ out (and the run's row in the history).</summary>
public static class RunReport
{
    public const string PlotFolder = "plots";

    /// <summary>Returns the path of report.md; <paramref name="historyFile"/> null leaves the history alone.</summary>
    public static string Write(string runFolder, string? historyFile)
    {
        var run = RunSnapshot.Load(runFolder);
        var plots = ReportPlots.Write(run, Path.Combine(run.Path, PlotFolder));
        string report = Path.Combine(run.Path, MarkdownReport.FileName);
        AtomicFile.WriteAllText(report, MarkdownReport.Render(run, plots));
        if (historyFile is not null) RunHistory.Append(historyFile, RunHistory.Row(run));
        return report;
    }
}
