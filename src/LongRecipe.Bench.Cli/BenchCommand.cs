using System.CommandLine;

namespace LongRecipe.Bench.Cli;

internal static class BenchCommand
{
    public static Command Create() => new("bench", "Pretrain (or reuse) the base model, extend it with every method, run the suites, write results/.");
}
