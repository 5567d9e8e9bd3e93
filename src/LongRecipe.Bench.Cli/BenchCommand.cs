using System.CommandLine;
using LongRecipe.Bench.Reports;
using LongRecipe.Bench.Runs;
using Spectre.Console;

namespace LongRecipe.Bench.Cli;

/// <summary>`bench`: the main job — base model, every method of the profile, the suites, one results folder.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "Profile YAML.", DefaultValueFactory = _ => "suites/profiles/tiny.yaml" };
        var results = new Option<string>("--results") { Description = "Folder that receives results/<run-id>/.", DefaultValueFactory = _ => "results" };
        var cache = new Option<string>("--cache") { Description = "Cache of pretrained base models.", DefaultValueFactory = _ => ".cache" };
        var runId = new Option<string?>("--run-id") { Description = "Resume (or name) a run; finished methods and suites are not redone." };
        var seed = new Option<int?>("--seed") { Description = "Replaces the profile's seed (every generator is derived from it); a profile's other `seeds` follow it." };
        var seeds = new Option<int?>("--seeds") { Description = "Replaces the profile's seeds: the run's seed and then 1, 2, … under <run>/seeds/." };
        var command = new Command("bench", "Pretrain (or reuse) the base model, extend it with every method, run the suites, write results/<run-id>/.")
        {
            profile, results, cache, runId, seed, seeds,
        };
        command.SetAction(parse =>
        {
            var options = new BenchOptions(parse.GetValue(profile)!, parse.GetValue(results)!, parse.GetValue(cache)!, parse.GetValue(runId), Seed: parse.GetValue(seed))
            {
                Seeds = parse.GetValue(seeds),
            };
            var run = ProgressDisplay.Run((log, onStep) => Runner.RunWithSeeds(options, log, onStep, seedRun => RunReport.Write(seedRun.Path, historyFile: null)));
            AnsiConsole.MarkupLine($"[green]results:[/] {Markup.Escape(run.Path)}");
            ReportCommand.Announce(RunReport.Write(run.Path, Path.Combine(parse.GetValue(results)!, RunHistory.FileName)));
            return CommandErrors.Ok;
        });
        return command;
    }
}
