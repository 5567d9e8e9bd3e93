namespace LongRecipe.Bench.Recipe;

/// <summary>One training sequence as the trainer sees it: tokens and the position id each token is trained at.</summary>
public sealed record TrainingBlock(int[] Tokens, long[] PositionIds);
