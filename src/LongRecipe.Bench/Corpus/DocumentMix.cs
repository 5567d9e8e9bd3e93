namespace LongRecipe.Bench.Corpus;

/// <summary>
/// Each document is, with probability <paramref name="secondShare"/>, one from <paramref name="second"/> (task-shaped
/// instances, as an instruction-tuned base has seen) and otherwise one from <paramref name="first"/> (running text).
/// </summary>
public sealed class DocumentMix(IDocumentSource first, IDocumentSource second, double secondShare) : IDocumentSource
{
    public double SecondShare { get; } = secondShare is >= 0 and <= 1
        ? secondShare
        : throw new ArgumentOutOfRangeException(nameof(secondShare), secondShare, "must lie in [0, 1]");

    public Document Generate(int length, Random random) =>
        random.NextDouble() < SecondShare ? second.Generate(length, random) : first.Generate(length, random);
}
