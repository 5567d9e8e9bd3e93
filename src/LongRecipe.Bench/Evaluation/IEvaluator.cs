namespace LongRecipe.Bench.Evaluation;

/// <summary>
/// The only place that runs a model over evaluation samples: batching and KV caching live behind it,
/// so tasks never touch the model.
/// </summary>
public interface IEvaluator
{
    /// <summary>Longest prompt + generation the model may be asked to handle (its position budget).</summary>
    int MaxLength { get; }

    /// <summary>Greedy continuation of each prompt, at most <paramref name="maxNewTokens"/> tokens, stopping after any stop id (not included).</summary>
    IReadOnlyList<int[]> Generate(IReadOnlyList<int[]> prompts, int maxNewTokens, IReadOnlySet<int> stopIds);

    /// <summary>Sum of log p(continuation | context) per request.</summary>
    IReadOnlyList<double> LogLikelihood(IReadOnlyList<(int[] Context, int[] Continuation)> requests);

    /// <summary>Mean next-token negative log-likelihood over each sequence (positions 0..n-1), for perplexity.</summary>
    IReadOnlyList<double> MeanTokenLoss(IReadOnlyList<int[]> sequences);

    /// <summary>Per sequence: log p(token t+1 | tokens ≤ t) for t = 0..n-2 (per-token loss, e.g. by evidence distance).</summary>
    IReadOnlyList<float[]> NextTokenLogProbs(IReadOnlyList<int[]> sequences);
}
