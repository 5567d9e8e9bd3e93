using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Recipe;

/// <summary>How LongRecipe's positions are assembled: on packed blocks spread over the whole target (the paper's intent), with
/// gaps at the block's own or at the source document's sentence boundaries; or literally as the reference code does.</summary>
public enum LongRecipeVariant
{
    /// <summary>Boundaries of the sentences actually in the block: every sentence keeps contiguous ids.</summary>
    KeptBoundaries,

    /// <summary>
    /// The reference code's quirk: boundaries of the original (unshortened) document paired with the block, applied by token
    /// index to the shortened stream, so gaps need not fall between the block's own sentences.
    /// </summary>
    OriginalBoundaries,

    /// <summary>The reference code literally: one shortened document per sample, no packing (see <see cref="LiteralPositions"/>).</summary>
    Literal,
}

/// <summary>
/// LongRecipe's position index transformation for a block of n tokens and a target window L: a contiguous prefix
/// 0..p−1, then the remaining sentences in order, each contiguous, with random gaps at sentence boundaries whose total is
/// exactly L − n. So ids start at 0, increase strictly and end at L − 1.
/// The prefix length is drawn in [1, (n+1)/2] as in the reference, then moved to the next boundary (else the previous one)
/// so no sentence is cut; a block without any inner boundary is cut at the drawn length, the only place a skip can go.
/// Gaps are a uniform composition of L − n over all boundaries (the reference's slot sampling, without its trailing gap);
/// the gaps of boundaries inside the prefix add up into the jump at its end, as the reference's prefix overwrite does.
/// </summary>
public sealed class PositionIndices : IPositionScheme
{
    public PositionIndices(int targetLength, LongRecipeVariant variant = LongRecipeVariant.KeptBoundaries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetLength, 2);
        TargetLength = targetLength;
        Variant = variant;
    }

    public int TargetLength { get; }
    public LongRecipeVariant Variant { get; }

    public long[] Positions(PackedBlock block, Random random)
    {
        int n = block.Length;
        if (n < 2 || n > TargetLength)
            throw new ArgumentException($"block of {n} tokens does not fit 2..{TargetLength}", nameof(block));
        var boundaries = InnerBoundaries(Variant == LongRecipeVariant.KeptBoundaries ? block.Sentences : block.SourceSentences, n);
        int drawn = random.Next(1, (n + 1) / 2 + 1);
        if (boundaries.Count == 0) boundaries.Add(drawn);
        int prefixEnd = Snap(boundaries, drawn);

        var gaps = RandomComposition.Uniform(TargetLength - n, boundaries.Count, random);
        var ids = new long[n];
        long offset = 0;
        int next = 0;
        for (int i = 0; i < n; i++)
        {
            // Gaps of boundaries inside the prefix accumulate and are applied together at its end.
            while (next < boundaries.Count && boundaries[next] == i)
            {
                offset += gaps[next];
                next++;
            }
            ids[i] = i < prefixEnd ? i : i + offset;
        }
        return ids;
    }

    /// <summary>Sorted distinct sentence starts strictly inside (0, n).</summary>
    internal static List<int> InnerBoundaries(IReadOnlyList<Range> sentences, int n)
    {
        var starts = new List<int>(sentences.Count);
        foreach (var sentence in sentences)
            if (sentence.StartOf() > 0 && sentence.StartOf() < n) starts.Add(sentence.StartOf());
        starts.Sort();
        int distinct = 0;
        for (int i = 0; i < starts.Count; i++)
            if (distinct == 0 || starts[i] != starts[distinct - 1]) starts[distinct++] = starts[i];
        starts.RemoveRange(distinct, starts.Count - distinct);
        return starts;
    }

    static int Snap(List<int> boundaries, int drawn)
    {
        int index = boundaries.BinarySearch(drawn);
        if (index >= 0) return drawn;
        index = ~index;
        return index < boundaries.Count ? boundaries[index] : boundaries[^1];
    }
}
