using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Recipe;

/// <summary>
/// A fixed-length slice of the concatenated shortened documents, before positions are assigned.
/// <see cref="Sentences"/> tile <see cref="Tokens"/> (a sentence cut by the block edge continues in the next block);
/// <see cref="SourceSentences"/> are the original sentence spans of the document this block is paired with by index
/// (block i ↔ document i, as the reference code pairs them) — only the original-boundaries position variant reads them.
/// </summary>
public sealed record PackedBlock(int[] Tokens, IReadOnlyList<Range> Sentences, IReadOnlyList<Range> SourceSentences)
{
    public int Length => Tokens.Length;

    /// <summary>The packed sequences' loss weights, aligned with <see cref="Tokens"/> (null when they carry none).</summary>
    public float[]? LossWeights { get; init; }

    /// <summary>A block holding one sequence whose sentences are also its source sentences (no selection happened).</summary>
    public static PackedBlock Whole(int[] tokens, IReadOnlyList<Range> sentences) => new(tokens, sentences, sentences);

    /// <summary>One shortened document as a sample of its own length (the literal reference assembly: no packing).</summary>
    public static PackedBlock Single(ShortenedSequence sequence) =>
        new(sequence.Tokens, sequence.KeptSentences, sequence.SourceSentences) { LossWeights = sequence.LossWeights };

    /// <summary>
    /// Concatenates <paramref name="sequences"/> in order and cuts the stream into blocks of <paramref name="blockLength"/>
    /// tokens; the remainder that does not fill a block is dropped (as in the reference). If there are more blocks than
    /// sequences, block i borrows the source sentences of sequence i modulo the sequence count.
    /// </summary>
    public static IEnumerable<PackedBlock> Pack(IEnumerable<ShortenedSequence> sequences, int blockLength)
    {
        if (blockLength < 1) throw new ArgumentOutOfRangeException(nameof(blockLength), blockLength, "must be positive");
        var sourcePatterns = new List<IReadOnlyList<Range>>();
        var tokens = new int[blockLength];
        float[]? weights = null;
        var sentences = new List<Range>();
        int filled = 0, blocks = 0;
        foreach (var sequence in sequences)
        {
            sourcePatterns.Add(sequence.SourceSentences);
            foreach (var sentence in sequence.KeptSentences)
            {
                int at = sentence.StartOf(), end = sentence.End.Value;
                while (at < end)
                {
                    int take = Math.Min(end - at, blockLength - filled);
                    Array.Copy(sequence.Tokens, at, tokens, filled, take);
                    if (sequence.LossWeights is { } sequenceWeights)
                        Array.Copy(sequenceWeights, at, weights ??= Ones(blockLength), filled, take);
                    sentences.Add(filled..(filled + take));
                    filled += take;
                    at += take;
                    if (filled < blockLength) continue;
                    yield return new PackedBlock(tokens, sentences, sourcePatterns[blocks % sourcePatterns.Count]) { LossWeights = weights };
                    blocks++;
                    tokens = new int[blockLength];
                    weights = null;
                    sentences = [];
                    filled = 0;
                }
            }
        }
    }

    static float[] Ones(int length)
    {
        var ones = new float[length];
        Array.Fill(ones, 1f);
        return ones;
    }
}
