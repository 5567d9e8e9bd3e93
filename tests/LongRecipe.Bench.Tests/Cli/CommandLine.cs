using LongRecipe.Bench.Cli;

namespace LongRecipe.Bench.Tests.Cli;

/// <summary>Runs a real command line in-process (tests using it share the "Console" collection: stderr is process-wide).</summary>
internal static class CommandLine
{
    /// <summary>The exit code and what the command wrote to stderr.</summary>
    public static (int Exit, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try { return (App.Run(args), error.ToString()); }
        finally { Console.SetError(original); }
    }
}
