using System.CommandLine;
using LongRecipe.Bench.Cli;

var root = new RootCommand("LongRecipe.Bench: train context-extension methods, run long-context and general suites, compare and gate results.")
{
    BenchCommand.Create(),
    PerfCommand.Create(),
};
return CommandErrors.Run(() => root.Parse(args).Invoke());
