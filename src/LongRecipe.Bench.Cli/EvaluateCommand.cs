using System.CommandLine;
using LongRecipe.Bench.Reports;
using LongRecipe.Bench.Runs;
using Spectre.Console;

namespace LongRecipe.Bench.Cli;

/// <summary>`evaluate`: checkpoints trained elsewhere, scored by the profile's losses and suites beside its untouched base.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--model")
        {
            Description = "Checkpoint folder (config.json + safetensors); repeat for several. Named by the folder's name.",
            Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var profile = new Option<string>("--profile") { Description = "Profile YAML: suites, lengths, tokenizer and base.", DefaultValueFactory = _ => "suites/profiles/tiny.yaml" };
        var results = new Option<string>("--results") { Description = "Folder that receives results/<run-id>/.", DefaultValueFactory = _ => "results" };
        var cache = new Option<string>("--cache") { Description = "Cache of pretrained base models.", DefaultValueFactory = _ => ".cache" };
        var runId = new Option<string?>("--run-id") { Description = "Resume (or name) a run; finished suites are not redone." };
        var command = new Command("evaluate", "Score checkpoints with the profile's losses and suites beside its base model; write results/<run-id>/ like bench.")
        {
            models, profile, results, cache, runId,
        };
        command.SetAction(parse =>
        {
            var options = new BenchOptions(parse.GetValue(profile)!, parse.GetValue(results)!, parse.GetValue(cache)!, parse.GetValue(runId),
                parse.GetValue(models)!);
            var run = ProgressDisplay.Run((log, onStep) => Runner.Run(options, log, onStep));
            AnsiConsole.MarkupLine($"[green]results:[/] {Markup.Escape(run.Path)}");
            ReportCommand.Announce(RunReport.Write(run.Path, Path.Combine(parse.GetValue(results)!, RunHistory.FileName)));
            return CommandErrors.Ok;
        });
        return command;
    }
}
