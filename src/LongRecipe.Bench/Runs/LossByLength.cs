using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Evaluation;

namespace LongRecipe.Bench.Runs;

/// <summary>Held-out loss of one model at one evaluation length.</summary>
public sealed record LossAtLength(string Method, int Length, double WindowMultiple, double Loss, double Perplexity, int Documents);

/// <summary>
/// Mean next-token loss on held-out synthetic documents at several lengths: a model that only works inside its window
/// shows the loss climbing past it, which is the problem context extension solves.
/// </summary>
public static class LossByLength
{
    /// <summary>Held-out documents come from their own seed stream, never overlapping the training documents.</summary>
    public static int HeldOutSeed(int seed, int length) => Seeds.Derive(seed, "held-out", length);

    public static List<LossAtLength> Measure(string method, IEvaluator evaluator, SyntheticCorpus corpus, int window,
        IEnumerable<int> lengths, int documents, int seed)
    {
        var rows = new List<LossAtLength>();
        foreach (int length in lengths)
        {
            var sequences = corpus.Documents(documents, length, HeldOutSeed(seed, length)).Select(d => d.Tokens).ToList();
            double loss = evaluator.MeanTokenLoss(sequences).Average();
            rows.Add(new LossAtLength(method, length, (double)length / window, loss, Math.Exp(loss), documents));
        }
        return rows;
    }
}
