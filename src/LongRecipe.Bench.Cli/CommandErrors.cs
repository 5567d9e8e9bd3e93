using LongRecipe.Bench.Training;

namespace LongRecipe.Bench.Cli;

/// <summary>Exit codes, and the one place that turns a known failure into one clear line on stderr.</summary>
internal static class CommandErrors
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    public static int Run(Func<int> command)
    {
        try { return command(); }
        catch (Exception e) when (e is ConfigException or Model.CheckpointException or Suites.PromptDoesNotFitException or FileNotFoundException
                                       or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (TrainingDivergedException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Failed;
        }
    }
}
