using LongRecipe.Bench.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Evaluation;

/// <summary>
/// Runs a <see cref="Llama"/> over evaluation requests: prompts of equal length share a batch (RULER prompts are fitted to
/// exact lengths, so they group naturally), prefill runs once, decoding uses the KV cache and stops when every row has stopped.
/// <paramref name="startIds"/> (a Hugging Face model's BOS) go in front of every request, as the model saw text in training;
/// they are not scored and do not count against <paramref name="maxLength"/>.
/// </summary>
public sealed class TorchEvaluator(Llama model, int maxLength, IReadOnlyList<int>? startIds = null, int maxBatchTokens = 16_384) : IEvaluator
{
    readonly Device _device = model.parameters().First().device;
    readonly int[] _start = [.. startIds ?? []];

    public int MaxLength => maxLength;

    public IReadOnlyList<int[]> Generate(IReadOnlyList<int[]> prompts, int maxNewTokens, IReadOnlySet<int> stopIds)
    {
        var results = new int[prompts.Count][];
        foreach (var batch in Batches(Enumerable.Range(0, prompts.Count), i => prompts[i].Length + maxNewTokens))
        {
            using var scope = NewDisposeScope();
            int length = _start.Length + prompts[batch[0]].Length;
            CheckLength(length + maxNewTokens);
            var tokens = tensor(batch.SelectMany(i => _start.Concat(prompts[i]).Select(t => (long)t)).ToArray(), [batch.Count, length]).to(_device);
            var outputs = Generation.Greedy(model, tokens, maxNewTokens, stopIds);
            for (int row = 0; row < batch.Count; row++) results[batch[row]] = outputs[row];
        }
        return results;
    }

    public IReadOnlyList<double> LogLikelihood(IReadOnlyList<(int[] Context, int[] Continuation)> requests)
    {
        var results = new double[requests.Count];
        if (requests.Any(r => r.Context.Length == 0 || r.Continuation.Length == 0))
            throw new ArgumentException("every log-likelihood request needs a non-empty context and continuation (prepend BOS to an empty context)");
        var sequences = requests.Select(r => _start.Concat(r.Context).Concat(r.Continuation).ToArray()).ToArray();
        foreach (var batch in Batches(Enumerable.Range(0, requests.Count), i => sequences[i].Length))
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var logProbs = ScoreNextTokens(batch.Select(i => sequences[i]).ToArray());
            for (int row = 0; row < batch.Count; row++)
            {
                var (context, continuation) = requests[batch[row]];
                int first = _start.Length + context.Length - 1;   // log p(token t+1 | ≤ t) sits at index t
                double sum = 0;
                for (int t = first; t < first + continuation.Length; t++) sum += logProbs[row][t];
                results[batch[row]] = sum;
            }
        }
        return results;
    }

    public IReadOnlyList<double> MeanTokenLoss(IReadOnlyList<int[]> sequences) =>
        NextTokenLogProbs(sequences).Select(row => -row.Average(v => (double)v)).ToArray();

    /// <summary>Per sequence: log p(token t+1 | tokens ≤ t) for t = 0..n-2.</summary>
    public IReadOnlyList<float[]> NextTokenLogProbs(IReadOnlyList<int[]> sequences)
    {
        var results = new float[sequences.Count][];
        foreach (var batch in Batches(Enumerable.Range(0, sequences.Count), i => sequences[i].Length))
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var logProbs = ScoreNextTokens(batch.Select(i => _start.Concat(sequences[i]).ToArray()).ToArray());
            // Predictions of the start tokens' successors before the sequence's own first token are not the sequence's.
            for (int row = 0; row < batch.Count; row++) results[batch[row]] = logProbs[row][_start.Length..];
        }
        return results;
    }

    /// <summary>Per row: log p(token t+1 | ≤ t) for t = 0..T-2.</summary>
    float[][] ScoreNextTokens(int[][] rows)
    {
        int length = rows[0].Length;
        CheckLength(length);
        var tokens = tensor(rows.SelectMany(r => r.Select(t => (long)t)).ToArray(), [rows.Length, length]).to(_device);
        var positions = arange(length, dtype: ScalarType.Int64, device: _device).unsqueeze(0).expand(rows.Length, length);
        var logits = model.Logits(tokens, positions).narrow(1, 0, length - 1).to_type(ScalarType.Float32);
        var logSoftmax = nn.functional.log_softmax(logits, -1);
        var targets = tokens.narrow(1, 1, length - 1);
        var picked = logSoftmax.gather(-1, targets.unsqueeze(-1)).squeeze(-1).cpu().data<float>().ToArray();
        return Enumerable.Range(0, rows.Length).Select(r => picked.AsSpan(r * (length - 1), length - 1).ToArray()).ToArray();
    }

    void CheckLength(int length)
    {
        if (length - _start.Length > maxLength)
            throw new ArgumentOutOfRangeException(nameof(length), $"a request of {length} tokens exceeds this model's evaluation limit of {maxLength}");
    }

    /// <summary>Groups indices by equal length, in order of first appearance, capped at <c>maxBatchTokens</c> per batch.</summary>
    IEnumerable<List<int>> Batches(IEnumerable<int> indices, Func<int, int> lengthOf)
    {
        foreach (var group in indices.GroupBy(lengthOf))
        {
            int perBatch = Math.Max(1, maxBatchTokens / Math.Max(1, group.Key));
            foreach (var chunk in group.Chunk(perBatch)) yield return [.. chunk];
        }
    }
}
