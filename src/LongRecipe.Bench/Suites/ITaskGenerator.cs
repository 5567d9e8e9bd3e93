namespace LongRecipe.Bench.Suites;

/// <summary>Where and how a sample is requested: total length (prompt + generation budget), position, seed, needle depth (0..1).</summary>
public sealed record SampleRequest(int Length, int Index, int Seed, double Depth);

/// <summary>
/// Builds prompts for one task variant. A generated prompt has exactly <c>Length − TokensToGenerate</c> tokens, or the
/// generator throws <see cref="PromptDoesNotFitException"/>. Generators never touch a model.
/// </summary>
public interface ITaskGenerator
{
    string Name { get; }

    int TokensToGenerate { get; }

    Metric Metric { get; }

    TaskSample Generate(SampleRequest request);
}
