namespace LongRecipe.Bench.Recipe;

/// <summary>
/// PoSE (arXiv 2309.10400) with two chunks: the block is split at l ∈ [1, n) uniformly (<see cref="PoseSplit.Anywhere"/>, the
/// project's default: the paper's chunks of random length), or at l ∈ [1, (n+1)/2] as the PoSE repository draws it
/// (<see cref="PoseSplit.FirstHalf"/>: the first chunk is at most half the block); the first chunk keeps 0..l−1, the
/// second is shifted by a skip u, so its ids are l+u..n−1+u. u is uniform on [uMin, T] with T = target − n, which keeps the
/// last id ≤ target − 1, and uMin = max(0, baseWindow − n + 1) so that the last id is always ≥ baseWindow: every sample
/// reaches past the base window (when n = baseWindow this only excludes the no-skip draw u = 0).
/// Unlike the reference LongRecipe code, whose split drawn from [0, target − n] degenerates to no skip when it lands past
/// the block (most samples), the split here always falls inside the block.
/// </summary>
public sealed class PosePositions : IPositionScheme
{
    public PosePositions(int targetLength, int baseWindow, PoseSplit split = PoseSplit.Anywhere)
    {
        Split = split;
        if (baseWindow < 1) throw new ArgumentOutOfRangeException(nameof(baseWindow), baseWindow, "must be positive");
        if (targetLength <= baseWindow)
            throw new ArgumentOutOfRangeException(nameof(targetLength), targetLength, $"must exceed the base window {baseWindow}");
        TargetLength = targetLength;
        BaseWindow = baseWindow;
    }

    public int TargetLength { get; }
    public int BaseWindow { get; }
    public PoseSplit Split { get; }

    public long[] Positions(PackedBlock block, Random random)
    {
        int n = block.Length;
        if (n < 2 || n > TargetLength)
            throw new ArgumentException($"block of {n} tokens cannot be split into two chunks within target {TargetLength}", nameof(block));
        int split = random.Next(1, Split == PoseSplit.FirstHalf ? (n + 1) / 2 + 1 : n);
        int maxSkip = TargetLength - n;
        int minSkip = Math.Max(0, BaseWindow - n + 1);
        int skip = random.Next(minSkip, maxSkip + 1);
        var ids = ContiguousPositions.Range(n);
        for (int i = split; i < n; i++) ids[i] += skip;
        return ids;
    }
}
