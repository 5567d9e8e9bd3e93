using LongRecipe.Bench.Model;

namespace LongRecipe.Bench.Training;

/// <summary>What one training run holds: the model, its sequence length and micro-batch, and how memory is saved.</summary>
public sealed record MemoryPlanInput(LlamaConfig Config, int SequenceLength, int MicroBatch = 1, int WeightBytes = 4,
    bool GradientCheckpointing = false, bool Offload = false);

/// <summary>One part of the estimate, with the formula that gave it.</summary>
public sealed record MemoryPart(string Part, double Bytes, string Formula);

/// <summary>
/// Peak training memory of this project's Llama, part by part, before any of it is allocated. Activations count what
/// autograd keeps per token and layer in Llama.cs (norm inputs and outputs, q/k/v before and after RoPE, grouped keys and
/// values, attention output, the SwiGLU's four intermediate tensors) with a memory-efficient attention kernel (no T × T
/// matrix); the output layer keeps float32 logits, their log-softmax and the logits' gradient. AdamW keeps two float32
/// moments, and a float32 master copy when weights are narrower. Offload (ZeRO-3 with optimizer and parameter offload,
/// as the reference run trains) keeps optimizer state, master weights, parameters and gradients on the host; the device
/// holds the parameters being computed and their gradient, at most the embedding and output head at once.
/// </summary>
public static class MemoryPlan
{
    public static IReadOnlyList<MemoryPart> Estimate(MemoryPlanInput input)
    {
        var c = input.Config;
        double parameters = ParameterCount(c), w = input.WeightBytes, tokens = (double)input.SequenceLength * input.MicroBatch;
        long h = c.HiddenSize, q = (long)c.NumHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim, i = c.IntermediateSize;
        double perTokenLayer = w * (4 * h + 4 * q + 4 * kv + 4 * i + (kv == q ? 0 : 2 * q));
        double layerParameters = (parameters - (double)c.VocabSize * h * (c.TieWordEmbeddings ? 1 : 2) - h) / c.NumLayers;
        double resident = input.Offload ? Math.Max(layerParameters, (double)c.VocabSize * h * (c.TieWordEmbeddings ? 1 : 2)) : parameters;
        string where = input.Offload ? $"offloaded: the largest part computed at once ({resident:E3} parameters) × {w} bytes" : $"{parameters:E3} parameters × {w} bytes";
        var parts = new List<MemoryPart> { new("weights", resident * w, where), new("gradients", resident * w, "one per resident weight, same dtype") };
        double optimizer = parameters * (8 + (w < 4 ? 4 : 0));
        string moments = $"AdamW 2 × 4 bytes{(w < 4 ? " + float32 master 4 bytes" : "")} per parameter";
        parts.Add(input.Offload ? new("optimizer", 0, $"offloaded: {moments}, {optimizer / (1L << 30):F1} GiB on the host") : new("optimizer", optimizer, moments));
        parts.Add(input.GradientCheckpointing
            ? new("activations", tokens * (c.NumLayers * h * w + perTokenLayer),
                $"checkpointed: each layer's input ({h} × {w} bytes per token) + one layer recomputed ({perTokenLayer:F0} bytes per token)")
            : new("activations", tokens * c.NumLayers * perTokenLayer, $"{c.NumLayers} layers × {perTokenLayer:F0} bytes per token"));
        parts.Add(new("logits", tokens * c.VocabSize * 4.0 * 3, $"{c.VocabSize} float32 logits per token × 3 (logits, log-softmax, gradient)"));
        return parts;
    }

    public static double Total(IReadOnlyList<MemoryPart> parts) => parts.Sum(p => p.Bytes);

    /// <summary>Memory the host can still give (Linux MemAvailable); null where unknown.</summary>
    public static long? HostAvailableBytes() => LinuxProc.Bytes("/proc/meminfo", "MemAvailable:");

    /// <summary>Parameters of <paramref name="config"/> as Llama.cs builds them.</summary>
    public static double ParameterCount(LlamaConfig config) => config.ParameterShapes().Sum(p => p.Shape.Aggregate(1.0, (a, d) => a * d));
}
