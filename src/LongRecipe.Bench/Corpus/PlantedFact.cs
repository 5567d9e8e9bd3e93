namespace LongRecipe.Bench.Corpus;

/// <summary>
/// One sentence of a planted fact. A recall sentence names the sentence it copies from and, per token, the offset of
/// the copied token there (-1 for template words that local context predicts).
/// </summary>
internal sealed class PlantedSentence(int[] tokens, PlantedSentence? source = null, int[]? sourceOffsets = null)
{
    public int[] Tokens { get; } = tokens;
    public PlantedSentence? Source { get; } = source;
    public int[]? SourceOffsets { get; } = sourceOffsets;

    /// <summary>Index of the first token in the document, set when the document is laid out.</summary>
    public int Start { get; set; } = -1;

    public int EvidenceCount => SourceOffsets?.Count(offset => offset >= 0) ?? 0;
}

/// <summary>A statement, any intermediate sentences and the recall, in the order they must appear.</summary>
internal sealed record PlantedFact(PlantedKinds Kind, PlantedSentence[] Sentences)
{
    public int Length => Sentences.Sum(sentence => sentence.Tokens.Length);
    public int EvidenceCount => Sentences.Sum(sentence => sentence.EvidenceCount);
}
