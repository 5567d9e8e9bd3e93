using LongRecipe.Bench.Evaluation;

namespace LongRecipe.Bench.Suites.General;

/// <summary>Language-model loss on held-out text at the base window: mean next-token NLL (nats) and its perplexity.</summary>
public sealed record HeldOutLossResult(double Loss, double Perplexity, int Windows, long PredictedTokens);

public static class HeldOutLoss
{
    /// <summary>
    /// Cuts each sequence into consecutive windows of <paramref name="window"/> tokens (a last piece shorter than two
    /// tokens predicts nothing and is dropped), scores them in one batch and weights each window by its predicted
    /// tokens (length − 1), so the result is a per-token mean over everything scored.
    /// </summary>
    public static HeldOutLossResult Evaluate(IEvaluator evaluator, IReadOnlyList<int[]> sequences, int window)
    {
        if (window < 2) throw new ArgumentOutOfRangeException(nameof(window), "a window needs at least two tokens");
        if (window > evaluator.MaxLength) throw new ArgumentOutOfRangeException(nameof(window), $"window {window} exceeds the evaluator's max_length {evaluator.MaxLength}");
        var windows = sequences.SelectMany(s => Enumerable.Range(0, (s.Length + window - 1) / window)
                .Select(i => s[(i * window)..Math.Min(s.Length, (i + 1) * window)]))
            .Where(w => w.Length >= 2).ToList();
        if (windows.Count == 0) throw new ArgumentException("no held-out sequence has two or more tokens", nameof(sequences));
        var losses = evaluator.MeanTokenLoss(windows);
        long predicted = windows.Sum(w => (long)(w.Length - 1));
        double loss = windows.Select((w, i) => losses[i] * (w.Length - 1)).Sum() / predicted;
        return new HeldOutLossResult(loss, Math.Exp(loss), windows.Count, predicted);
    }
}
