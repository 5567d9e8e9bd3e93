namespace LongRecipe.Bench.Recipe;

/// <summary>
/// LongRecipe's positions as its reference code assembles them (utils/preprocess_data.py, setting 'LongRecipe'), not as
/// the paper describes them. A sample is one shortened document of m tokens, not packed; its source is the document cut
/// to the training length Lb before sentences were dropped. A sentence-gap list is built for the source: its n sentences
/// in order, each contiguous, the Lt − Lb skipped ids spread uniformly over the n gaps after them (the last gap trails, so
/// the list may end below Lt − 1). The sample takes a contiguous prefix 0..rt1−1, rt1 drawn in [1, (Lb+1)/2], then entries
/// rt1..m−1 of that list. Its largest id is therefore about (m / Lb) · Lt, and the list is paired with the source's
/// sentence boundaries, not with the kept tokens' (the code's mismatch, kept).
/// </summary>
public sealed class LiteralPositions : IPositionScheme
{
    public LiteralPositions(int targetLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetLength, 2);
        TargetLength = targetLength;
    }

    public int TargetLength { get; }

    public long[] Positions(PackedBlock block, Random random)
    {
        int m = block.Length;
        int sourceLength = block.SourceSentences.Count == 0 ? m : block.SourceSentences.Max(s => s.End.Value);
        if (m < 1 || m > sourceLength || sourceLength > TargetLength)
            throw new ArgumentException($"a sample of {m} tokens from a {sourceLength}-token source does not fit a {TargetLength}-token target", nameof(block));
        int prefix = random.Next(1, (sourceLength + 1) / 2 + 1);
        var boundaries = PositionIndices.InnerBoundaries(block.SourceSentences, sourceLength);
        var gaps = RandomComposition.Uniform(TargetLength - sourceLength, boundaries.Count + 1, random);   // + the trailing gap

        var ids = new long[m];
        long offset = 0;
        int next = 0;
        for (int i = 0; i < m; i++)
        {
            while (next < boundaries.Count && boundaries[next] == i) offset += gaps[next++];
            ids[i] = i < prefix ? i : i + offset;
        }
        return ids;
    }
}
