using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Evaluation;

namespace LongRecipe.Bench.Runs;

/// <summary>Held-out loss of one model at one evaluation length.</summary>
/// <summary>
/// Held-out loss of one model at one evaluation length. <see cref="LongRangeLoss"/> averages only the tokens whose
/// evidence lies more than one base window back — the tokens a short-context model cannot predict.
/// </summary>
public sealed record LossAtLength(string Method, int Length, double WindowMultiple, double Loss, double Perplexity, double LongRangeLoss,
    int LongRangeTokens, int Documents);

/// <summary>
/// Mean next-token loss on held-out synthetic documents at several lengths: a model that only works inside its window
/// shows the loss climbing past it, which is the problem context extension solves.
/// </summary>
public static class LossByLength
{
    /// <summary>Held-out documents come from their own seed stream, never overlapping the training documents.</summary>
    public static int HeldOutSeed(int seed, int length) => Seeds.Derive(seed, "held-out", length);

    public static List<LossAtLength> Measure(string method, TorchEvaluator evaluator, SyntheticCorpus corpus, int window,
        IEnumerable<int> lengths, int documents, int seed)
    {
        var rows = new List<LossAtLength>();
        foreach (int length in lengths)
        {
            var held = corpus.Documents(documents, length, HeldOutSeed(seed, length)).ToList();
            var logProbs = evaluator.NextTokenLogProbs(held.Select(d => d.Tokens).ToList());
            double total = 0, longRange = 0;
            int counted = 0, longRangeCount = 0;
            for (int d = 0; d < held.Count; d++)
            {
                var needsContext = held[d].NeedsContextBeyond(window);
                for (int t = 1; t < held[d].Length; t++)
                {
                    double loss = -logProbs[d][t - 1];   // predicting token t
                    total += loss;
                    counted++;
                    if (needsContext[t]) { longRange += loss; longRangeCount++; }
                }
            }
            double mean = total / counted;
            rows.Add(new LossAtLength(method, length, (double)length / window, mean, Math.Exp(mean),
                longRangeCount > 0 ? longRange / longRangeCount : double.NaN, longRangeCount, documents));
        }
        return rows;
    }
}
