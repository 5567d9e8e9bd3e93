using LongRecipe.Bench.Evaluation;

namespace LongRecipe.Bench.Tests.Suites;

/// <summary>
/// An evaluator without a model: generation and log-likelihoods come from the test's functions. Like the real one, a
/// continuation ends before the first stop id or at the budget. Calls, budgets and stop ids are recorded.
/// </summary>
internal sealed class FakeEvaluator(int maxLength, Func<int[], int[]> generate, Func<int[], int[], double>? logLikelihood = null,
    Func<int[], float[]>? nextTokenLogProbs = null) : IEvaluator
{
    public int MaxLength => maxLength;
    public int GenerateCalls { get; private set; }
    public List<int> BudgetsAsked { get; } = [];
    public List<IReadOnlySet<int>> StopIdsAsked { get; } = [];

    public IReadOnlyList<int[]> Generate(IReadOnlyList<int[]> prompts, int maxNewTokens, IReadOnlySet<int> stopIds)
    {
        GenerateCalls++;
        BudgetsAsked.Add(maxNewTokens);
        StopIdsAsked.Add(stopIds);
        return prompts.Select(p => generate(p).Take(maxNewTokens).TakeWhile(id => !stopIds.Contains(id)).ToArray()).ToList();
    }

    public IReadOnlyList<double> LogLikelihood(IReadOnlyList<(int[] Context, int[] Continuation)> requests) =>
        requests.Select(r => (logLikelihood ?? ((_, _) => 0.0))(r.Context, r.Continuation)).ToList();

    public IReadOnlyList<double> MeanTokenLoss(IReadOnlyList<int[]> sequences) => sequences.Select(s => (double)s.Length).ToList();

    public IReadOnlyList<float[]> NextTokenLogProbs(IReadOnlyList<int[]> sequences) =>
        sequences.Select(s => (nextTokenLogProbs ?? (t => new float[t.Length - 1]))(s)).ToList();
}
