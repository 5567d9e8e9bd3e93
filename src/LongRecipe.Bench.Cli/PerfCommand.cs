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
        var command = new Command("perf", "Measure training GFLOP/s ÷ matmul GFLOP/s and KV-cache decode speed-up.") { steps };
        command.SetAction(parse =>
        {
            var report = EfficiencyBenchmark.Run(measuredSteps: parse.GetValue(steps), progress: line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]"));
            Print(report);
            return CommandErrors.Ok;
        });
        return command;
    }

    static void Print(EfficiencyReport report)
    {
        static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        AnsiConsole.MarkupLine($"Probe model: {report.Parameters:N0} parameters; in-run fp32 matmul: [bold]{F(report.MatmulGflopsPerSecond, "F0")} GFLOP/s[/]");
        var table = new Table().AddColumns("batch × seq", "ms/step", "tokens/s", "GFLOP/s", "÷ matmul");
        foreach (var row in report.Training)
            table.AddRow($"{row.BatchSize} × {row.SequenceLength}", F(row.MillisecondsPerStep, "F0"), F(row.TokensPerSecond, "F0"),
                F(row.GflopsPerSecond, "F0"), F(row.FractionOfMatmul, "F2"));
        AnsiConsole.Write(table);
        var d = report.Decode;
        AnsiConsole.MarkupLine($"Decode at a {d.PromptLength}-token prompt: KV cache {F(d.CachedTokensPerSecond, "F0")} tokens/s, " +
                               $"recompute {F(d.RecomputeTokensPerSecond, "F1")} tokens/s, speed-up [bold]{F(d.Speedup, "F1")}×[/]");
    }
}
