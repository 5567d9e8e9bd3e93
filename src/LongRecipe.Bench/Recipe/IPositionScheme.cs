namespace LongRecipe.Bench.Recipe;

/// <summary>Assigns RoPE position ids to a packed block; the trainer uses them without knowing which scheme made them.</summary>
public interface IPositionScheme
{
    /// <summary>One id per token of <paramref name="block"/>, strictly increasing from 0.</summary>
    long[] Positions(PackedBlock block, Random random);
}
