namespace LongRecipe.Bench.Recipe;

/// <summary>Ordinary positions 0..n−1 (full-sequence training, replay data).</summary>
public sealed class ContiguousPositions : IPositionScheme
{
    public long[] Positions(PackedBlock block, Random random) => Range(block.Length);

    public static long[] Range(int length)
    {
        var ids = new long[length];
        for (int i = 0; i < length; i++) ids[i] = i;
        return ids;
    }
}
