using System.CommandLine;
using System.Globalization;
using LongRecipe.Bench.Perf;
using Spectre.Console;

namespace LongRecipe.Bench.Cli;

/// <summary>`perf`: training and decoding efficiency as ratios to the matmul rate measured in the same run.</summary>
internal static class PerfCommand
{
    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Measured training steps per shape.", DefaultValueFactory = _ => 5 };
        var profile = new Option<string>("--profile") { Description = "Profile whose model shape the suite timing uses.", DefaultValueFactory = _ => "suites/profiles/tiny.yaml" };
        var ruler = new Option<string>("--ruler") { Description = "RULER suite to time (all tasks × lengths × samples).", DefaultValueFactory = _ => "suites/ruler.yaml" };
        var command = new Command("perf", "Measure training GFLOP/s ÷ matmul GFLOP/s, KV-cache decode speed-up and RULER suite wall time.") { steps, profile, ruler };
        command.SetAction(parse =>
        {
            var shape = Runs.Profile.Load(parse.GetValue(profile)!).ModelConfig(new Text.WordTokenizer().VocabSize);
            var report = EfficiencyBenchmark.Run(measuredSteps: parse.GetValue(steps), progress: line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]"));
            Print(report);
            var suite = SuiteBenchmark.Ruler(parse.GetValue(ruler)!, shape);
            AnsiConsole.MarkupLine($"RULER suite on the profile's model shape: {suite.Tasks} tasks × [[{string.Join(", ", suite.Lengths)}]] × {suite.SamplesPerLength} samples = " +
                                   $"{suite.Prompts} prompts ({suite.PromptTokens:N0} prompt tokens, full generation budgets) in [bold]{suite.Seconds.ToString("F1", CultureInfo.InvariantCulture)} s[/]");
            return CommandErrors.Ok;
        });
        return command;
    }

    /// <summary>`soak`: resident memory over 1,000 training steps and 1,000 generations after warm-up.</summary>
    public static Command CreateSoak()
    {
        var steps = new Option<int>("--steps") { Description = "Training steps.", DefaultValueFactory = _ => 1000 };
        var generations = new Option<int>("--generations") { Description = "Generations.", DefaultValueFactory = _ => 1000 };
        var command = new Command("soak", "Resident memory over many training steps and generations: flat after warm-up, or a leak.") { steps, generations };
        command.SetAction(parse =>
        {
            var results = SoakBenchmark.Run(parse.GetValue(steps), parse.GetValue(generations), progress: line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]"));
            var table = new Table().AddColumns("loop", "iterations", "RSS after warm-up MiB", "highest after MiB", "at the end MiB", "growth");
            foreach (var r in results)
                table.AddRow(r.Loop, $"{r.Iterations} (warm-up {r.WarmUp})", (r.RssAfterWarmUp >> 20).ToString(CultureInfo.InvariantCulture),
                    (r.PeakAfterWarmUp >> 20).ToString(CultureInfo.InvariantCulture), (r.RssAtEnd >> 20).ToString(CultureInfo.InvariantCulture),
                    r.Growth.ToString("P1", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return CommandErrors.Ok;
        });
        return command;
    }

    static void Print(EfficiencyReport report)
    {
        static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        AnsiConsole.MarkupLine($"Probe model: {report.Parameters:N0} parameters; in-run fp32 matmul: [bold]{F(report.MatmulGflopsPerSecond, "F0")} GFLOP/s[/]");
        var table = new Table().AddColumns("batch × seq", "ms/step", "tokens/s", "GFLOP/s", "÷ fp32 matmul", "peak RSS growth MiB", "plan MiB", "÷ plan");
        foreach (var row in report.Training)
            table.AddRow($"{row.BatchSize} × {row.SequenceLength}{(row.GradientCheckpointing ? " checkpointed" : "")}{(row.Autocast is null ? "" : " " + row.Autocast)}", F(row.MillisecondsPerStep, "F0"), F(row.TokensPerSecond, "F0"),
                F(row.GflopsPerSecond, "F0"), F(row.FractionOfMatmul, "F2"), F(row.MeasuredGrowthBytes / 1048576.0, "F0"),
                F(row.PlannedGrowthBytes / 1048576.0, "F0"), F(row.MeasuredGrowthBytes / row.PlannedGrowthBytes, "F2"));
        AnsiConsole.Write(table);
        var d = report.Decode;
        AnsiConsole.MarkupLine($"Decode at a {d.PromptLength}-token prompt: KV cache {F(d.CachedTokensPerSecond, "F0")} tokens/s, " +
                               $"recompute {F(d.RecomputeTokensPerSecond, "F1")} tokens/s, speed-up [bold]{F(d.Speedup, "F1")}×[/]");
    }
}
