namespace LongRecipe.Bench.Corpus;

/// <summary>
/// Writes documents of an exact length: the synthetic language alone, or mixed with task-shaped instances. Pretraining,
/// every extension stage, replay and held-out loss read documents through this seam only.
/// </summary>
public interface IDocumentSource
{
    /// <summary>A document of exactly <paramref name="length"/> tokens, drawn from <paramref name="random"/> only.</summary>
    Document Generate(int length, Random random);
}

public static class DocumentSources
{
    /// <summary>
    /// <paramref name="count"/> documents; document k depends only on (<paramref name="seed"/>, k), so it is the same
    /// whatever the count and can be regenerated alone.
    /// </summary>
    public static IEnumerable<Document> Documents(this IDocumentSource source, int count, int length, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return Iterate();

        IEnumerable<Document> Iterate()
        {
            for (int k = 0; k < count; k++) yield return source.Generate(length, new Random(Seeds.Derive(seed, "document", k)));
        }
    }
}
