using System.CommandLine;
using LongRecipe.Bench.Reports;
using Spectre.Console;

namespace LongRecipe.Bench.Cli;

/// <summary>`report`: re-reads a finished run folder and (re)writes its report.md, plots/ and history row.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("run-folder") { Description = "A finished run folder, e.g. results/20261126-040000-tiny." };
        var history = new Option<string?>("--history") { Description = "History CSV to add the run's row to (default: history.csv beside the run folder; 'none' to skip)." };
        var command = new Command("report", "Write report.md and plots/ of a finished run from its files alone.") { folder, history };
        command.SetAction(parse =>
        {
            string run = parse.GetValue(folder)!;
            Announce(RunReport.Write(run, HistoryFile(run, parse.GetValue(history))));
            return CommandErrors.Ok;
        });
        return command;
    }

    /// <summary>Where the report went, and a warning when the plots could draw no text.</summary>
    public static void Announce(string report)
    {
        AnsiConsole.MarkupLine($"[green]report:[/] {Markup.Escape(report)}");
        if (ReportPlots.FontWarning() is { } warning) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
    }

    /// <summary>results/history.csv for results/&lt;run-id&gt;/; null when the user says none.</summary>
    public static string? HistoryFile(string runFolder, string? given) => given switch
    {
        "none" => null,
        { } path => path,
        null => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(runFolder).TrimEnd(Path.DirectorySeparatorChar))!, RunHistory.FileName),
    };
}
