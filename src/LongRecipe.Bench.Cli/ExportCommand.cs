using System.CommandLine;
using LongRecipe.Bench.Runs;

namespace LongRecipe.Bench.Cli;

/// <summary>`export`: a method's training samples, position ids, settings and base checkpoint, for an external trainer.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "Profile YAML (base model, corpus, target).", DefaultValueFactory = _ => "suites/profiles/tiny.yaml" };
        var method = new Option<string>("--method") { Description = "Method name (a file in the profile's methods_dir).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to write: base/, stage-<i>.jsonl, launch.json.", Required = true };
        var cache = new Option<string>("--cache") { Description = "Cache of pretrained base models.", DefaultValueFactory = _ => ".cache" };
        var format = new Option<string>("--format") { Description = "Samples as jsonl (one JSON line each) or parquet (list columns).", DefaultValueFactory = _ => "jsonl" };
        var command = new Command("export", "Write a method's training samples and position ids, its settings and the base checkpoint for torchrun/DeepSpeed.")
        {
            profile, method, output, cache, format,
        };
        command.SetAction(parse =>
        {
            string asked = parse.GetValue(format)!;
            if (!ExportedSamples.Formats.TryGetValue(asked, out var sampleFormat))
                throw new ConfigException("export", "--format", $"'{asked}' is not one of {string.Join(", ", ExportedSamples.Formats.Keys)}");
            SampleExport.Run(new ExportOptions(parse.GetValue(profile)!, parse.GetValue(method)!, parse.GetValue(output)!, parse.GetValue(cache)!, sampleFormat),
                Console.WriteLine);
            return CommandErrors.Ok;
        });
        return command;
    }
}
