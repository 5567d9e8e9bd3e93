using TorchSharp;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>Greedy decoding for a batch of equal-length prompts: prefill once, then one token per step against a KV cache.</summary>
public static class Generation
{
    /// <summary>
    /// Up to <paramref name="maxNewTokens"/> greedy tokens per prompt (batch, T). A row stops after emitting a stop id
    /// (the stop id is not returned); the batch stops when every row has.
    /// </summary>
    public static int[][] Greedy(Llama model, Tensor prompts, int maxNewTokens, IReadOnlySet<int> stopIds, bool useCache = true)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long batch = prompts.shape[0], length = prompts.shape[1];
        var outputs = Enumerable.Range(0, (int)batch).Select(_ => new List<int>()).ToArray();
        var finished = new bool[batch];
        if (maxNewTokens <= 0) return outputs.Select(o => o.ToArray()).ToArray();

        using var cache = useCache ? new KvCache(model.Config, batch, length + maxNewTokens, prompts.device, model.EmbeddingDType) : null;
        var context = prompts;
        var nextInput = prompts;
        var positions = arange(length, dtype: ScalarType.Int64, device: prompts.device).unsqueeze(0).expand(batch, length);
        for (int step = 0; step < maxNewTokens; step++)
        {
            using var logits = model.Logits(nextInput, positions, cache, lastOnly: true);
            using var chosen = logits.select(1, -1).argmax(-1);                  // (batch)
            var ids = chosen.cpu().data<long>().ToArray();
            for (int row = 0; row < batch; row++)
            {
                if (finished[row]) continue;
                if (stopIds.Contains((int)ids[row])) finished[row] = true;
                else outputs[row].Add((int)ids[row]);
            }
            if (finished.All(f => f)) break;

            var column = chosen.unsqueeze(1);
            long position = length + step;
            if (useCache)
            {
                nextInput = column;
                positions = full(batch, 1, position, dtype: ScalarType.Int64, device: prompts.device);
            }
            else
            {
                context = cat([context, column], 1);
                nextInput = context;
                positions = arange(position + 1, dtype: ScalarType.Int64, device: prompts.device).unsqueeze(0).expand(batch, position + 1);
            }
        }
        return outputs.Select(o => o.ToArray()).ToArray();
    }
}
