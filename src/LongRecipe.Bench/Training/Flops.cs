using LongRecipe.Bench.Model;

namespace LongRecipe.Bench.Training;

/// <summary>
/// Analytic FLOP counts. A forward pass costs 2 FLOPs per matmul weight per token, plus causal attention:
/// QKᵀ and AV each cost d·T² FLOPs per layer when only the lower triangle is counted. Backward is twice forward.
/// </summary>
public static class Flops
{
    public static double Forward(LlamaConfig config, long matmulParameters, long sequenceLength) =>
        2.0 * matmulParameters * sequenceLength + 2.0 * config.NumLayers * config.HiddenSize * (double)sequenceLength * sequenceLength;

    public static double Training(LlamaConfig config, long matmulParameters, long sequenceLength) =>
        3.0 * Forward(config, matmulParameters, sequenceLength);
}
