using LongRecipe.Bench.Model;

namespace LongRecipe.Bench.Training;

/// <summary>
/// What one training run holds: the model, its sequence length and micro-batch, and how memory is saved.
/// <see cref="ComputeBytes"/> is the element size projections compute in under <see cref="Autocast"/> (2 for bf16); null:
/// the weights' own.
/// </summary>
public sealed record MemoryPlanInput(LlamaConfig Config, int SequenceLength, int MicroBatch = 1, int WeightBytes = 4,
    bool GradientCheckpointing = false, bool Offload = false, int? ComputeBytes = null);

/// <summary>
/// One part of the estimate, with the formula that gave it. A transient part is held during one phase of the backward
/// pass only (the loss's, or one decoder layer's); the phases do not overlap, so the total counts the largest of them.
/// </summary>
public sealed record MemoryPart(string Part, double Bytes, string Formula, bool Transient = false);

/// <summary>
/// Peak training memory of this project's Llama, part by part, before any of it is allocated (under autocast, activations
/// in the compute dtype and the projections' cast weights). Kept activations are what
/// autograd saves per token and layer in Llama.cs: each RMSNorm's float32 input and its normed output, the rotated
/// queries, keys and values the attention kernel sees (no T × T matrix: a memory-efficient kernel) with its output and
/// the merged heads, and the SwiGLU's four intermediate tensors; with gradient checkpointing only each layer's input is
/// kept and one layer is recomputed at a time. Backward through a layer also holds the gradients of its SwiGLU
/// intermediates and of a few hidden states; the loss holds float32 logits three times (logits, log-softmax, their
/// gradient). AdamW keeps two float32 moments, and a float32 master copy when weights are narrower; its update holds two
/// temporaries per parameter. Offload (ZeRO-3 with
/// optimizer and parameter offload, as the reference run trains) keeps optimizer state, master weights, parameters and
/// gradients on the host; the device holds the parameters being computed and their gradient, at most the embedding and
/// output head at once. Checked against measured peak RSS growth by `make perf` (README, "Memory plan").
/// </summary>
public static class MemoryPlan
{
    public static IReadOnlyList<MemoryPart> Estimate(MemoryPlanInput input)
    {
        var c = input.Config;
        double parameters = ParameterCount(c), w = input.WeightBytes, tokens = (double)input.SequenceLength * input.MicroBatch;
        double a = input.ComputeBytes ?? w;   // projections' outputs, attention, the SwiGLU: the compute dtype
        bool autocast = a != w;
        long h = c.HiddenSize, q = (long)c.NumHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim, i = c.IntermediateSize;
        // Grouped keys and values are repeated to every query head before attention, which keeps the repeated ones.
        long attended = kv == q ? kv : q;
        // Norms keep a float32 input and an output in the weights' dtype; under autocast each of the five projections
        // reading a norm's output keeps its own cast copy of it.
        double perTokenLayer = 2 * h * (4 + w) + (autocast ? 5 * h * a : 0) + a * (3 * q + 2 * attended + 4 * i + (c.SmearTaps > 0 ? q + kv : 0));
        double layerGradients = a * 3 * i + w * 4 * h;   // the SwiGLU's in the compute dtype, the residual stream's in the weights'
        double head = (double)c.VocabSize * h;
        double layerParameters = (parameters - head * (c.TieWordEmbeddings ? 1 : 2) - h) / c.NumLayers;
        double resident = input.Offload ? Math.Max(layerParameters, (double)c.VocabSize * h * (c.TieWordEmbeddings ? 1 : 2)) : parameters;
        string where = input.Offload ? $"offloaded: the largest part computed at once ({resident:E3} parameters) × {w} bytes" : $"{parameters:E3} parameters × {w} bytes";
        var parts = new List<MemoryPart> { new("weights", resident * w, where), new("gradients", resident * w, "one per resident weight, same dtype") };
        double optimizer = parameters * (8 + (w < 4 ? 4 : 0));
        string moments = $"AdamW 2 × 4 bytes{(w < 4 ? " + float32 master 4 bytes" : "")} per parameter";
        parts.Add(input.Offload ? new("optimizer", 0, $"offloaded: {moments}, {optimizer / (1L << 30):F1} GiB on the host") : new("optimizer", optimizer, moments));
        parts.Add(new("optimizer update", input.Offload ? 0 : parameters * 8,
            input.Offload ? "on the host" : "2 float32 temporaries per parameter, held until the update ends (TorchSharp's AdamW)", Transient: true));
        parts.Add(input.GradientCheckpointing
            ? new("activations", tokens * c.NumLayers * h * w, $"checkpointed: each of {c.NumLayers} layers' input, {h} × {w} bytes per token")
            : new("activations", tokens * c.NumLayers * perTokenLayer, $"{c.NumLayers} layers × {perTokenLayer:F0} bytes per token"));
        // Autocast's weight copies are kept for the backward pass: all of them, or with checkpointing one layer's (and the
        // output head's in the loss phase).
        // Projections and a tied output head are cast; an untied embedding table and the norms are not.
        double cast = parameters - (c.TieWordEmbeddings ? 0 : head) - (2.0 * c.NumLayers + 1) * h;
        if (autocast && !input.GradientCheckpointing) parts.Add(new("autocast weights", cast * a, $"a {a}-byte copy of every projection, kept for the backward pass"));
        double headCopy = autocast && input.GradientCheckpointing ? head * a : 0, layerCopy = autocast && input.GradientCheckpointing ? layerParameters * a : 0;
        parts.Add(new("logits", tokens * c.VocabSize * 4.0 * 3 + headCopy,
            $"{c.VocabSize} float32 logits per token × 3 (logits, log-softmax, gradient){(headCopy > 0 ? $" + the output head's {a}-byte copy" : "")}", Transient: true));
        parts.Add(input.GradientCheckpointing
            ? new("layer backward", tokens * (perTokenLayer + layerGradients) + layerCopy,
                $"one layer recomputed ({perTokenLayer:F0} bytes per token) + its gradients, 3 × {i} × {a} + 4 × {h} × {w} bytes per token" +
                (layerCopy > 0 ? $" + its weights' {a}-byte copy" : ""), Transient: true)
            : new("layer backward", tokens * layerGradients, $"gradients of one layer's SwiGLU and hidden states, 3 × {i} × {a} + 4 × {h} × {w} bytes per token", Transient: true));
        return parts;
    }

    /// <summary>Everything kept through the step plus the largest transient part.</summary>
    public static double Total(IReadOnlyList<MemoryPart> parts) =>
        parts.Where(p => !p.Transient).Sum(p => p.Bytes) + parts.Where(p => p.Transient).Select(p => p.Bytes).DefaultIfEmpty(0).Max();

    /// <summary>Memory the host can still give (Linux MemAvailable); null where unknown.</summary>
    public static long? HostAvailableBytes() => LinuxProc.Bytes("/proc/meminfo", "MemAvailable:");

    /// <summary>Parameters of <paramref name="config"/> as Llama.cs builds them.</summary>
    public static double ParameterCount(LlamaConfig config) => config.ParameterShapes().Sum(p => p.Shape.Aggregate(1.0, (a, d) => a * d));
}
