namespace LongRecipe.Bench.Suites;

/// <summary>A task cannot build a prompt of the requested length (its fixed parts alone are too long, or its filler ran out).</summary>
public sealed class PromptDoesNotFitException(string task, int length, string problem)
    : Exception($"{task} at length {length}: {problem}")
{
    public string Task { get; } = task;
    public int Length { get; } = length;
}
