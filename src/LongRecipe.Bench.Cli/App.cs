using System.CommandLine;

namespace LongRecipe.Bench.Cli;

/// <summary>The command tree; Program only hands it the arguments, so tests can run real command lines.</summary>
internal static class App
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("LongRecipe.Bench: train context-extension methods, run long-context and general suites, compare results.")
        {
            BenchCommand.Create(),
            EvaluateCommand.Create(),
            ExportCommand.Create(),
            MergeCommand.Create(),
            PlanCommand.Create(),
            ReportCommand.Create(),
            GateCommand.Create(),
            GateCommand.CreateBaseline(),
            PerfCommand.Create(),
            PerfCommand.CreateSoak(),
        };
        // Our own handler turns known failures into one line; the default one would print a stack trace and exit 1.
        return CommandErrors.Run(() => root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
    }
}
