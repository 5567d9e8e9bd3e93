namespace LongRecipe.Bench.Training;

/// <summary>
/// One training sequence as the trainer consumes it: the model reads <see cref="Tokens"/>, predicts each next token inside
/// the block, and rotates token i by <see cref="PositionIds"/>[i]. Position ids may skip (context extension) but never repeat.
/// </summary>
public sealed record TrainingBlock
{
    public TrainingBlock(int[] tokens, long[] positionIds)
    {
        if (tokens.Length != positionIds.Length)
            throw new ArgumentException($"{tokens.Length} tokens but {positionIds.Length} position ids", nameof(positionIds));
        Tokens = tokens;
        PositionIds = positionIds;
    }

    public int[] Tokens { get; }
    public long[] PositionIds { get; }

    /// <summary>Per-token weights of the loss on predicting that token (null: all 1, a plain mean).</summary>
    public float[]? LossWeights
    {
        get;
        init => field = value is null || value.Length == Tokens.Length
            ? value
            : throw new ArgumentException($"{Tokens.Length} tokens but {value.Length} loss weights", nameof(LossWeights));
    }
}
