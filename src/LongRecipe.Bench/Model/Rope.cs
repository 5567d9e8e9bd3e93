using TorchSharp;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>
/// Rotary position embeddings computed from explicit position ids — every context-extension method works by
/// choosing those ids (PoSE, LongRecipe) or by rescaling the frequencies (PI, NTK, YaRN), so nothing here assumes 0..T-1.
/// </summary>
public static class Rope
{
    /// <summary>
    /// Per-pair rotation frequencies θ_i (length head_dim/2) and the attention scale YaRN asks for. Dynamic NTK depends on
    /// the <paramref name="sequenceLength"/> being run (the largest position id + 1); every other kind ignores it.
    /// </summary>
    public static (double[] InverseFrequencies, double AttentionScale) Frequencies(LlamaConfig config, long sequenceLength = 0)
    {
        int half = config.HeadDim / 2;
        double theta = config.RopeTheta;
        var scaling = config.RopeScaling;
        double exponent = config.HeadDim / (config.HeadDim - 2.0);
        if (scaling is { Kind: "ntk" }) theta *= Math.Pow(scaling.Factor, exponent);
        if (scaling is { Kind: "dynamic" })
        {
            int original = scaling.OriginalMaxPositions > 0 ? scaling.OriginalMaxPositions : config.MaxPositionEmbeddings;
            if (sequenceLength > original) theta *= Math.Pow(scaling.Factor * sequenceLength / original - (scaling.Factor - 1), exponent);
        }
        var inverse = new double[half];
        for (int i = 0; i < half; i++) inverse[i] = 1.0 / Math.Pow(theta, 2.0 * i / config.HeadDim);
        switch (scaling?.Kind)
        {
            case "linear":
                for (int i = 0; i < half; i++) inverse[i] /= scaling.Factor;
                return (inverse, 1.0);
            case "llama3":
                Llama3(inverse, scaling);
                return (inverse, 1.0);
            case "yarn":
                return (Yarn(inverse, scaling, config.HeadDim, theta), 0.1 * Math.Log(scaling.Factor) + 1.0);
            default:
                return (inverse, 1.0);
        }
    }

    /// <summary>
    /// Llama 3.1: pairs whose wavelength exceeds original / low_freq_factor are interpolated by the factor, pairs shorter
    /// than original / high_freq_factor keep θ, and those between blend linearly in original / wavelength.
    /// </summary>
    static void Llama3(double[] inverse, RopeScaling scaling)
    {
        double low = scaling.LowFrequencyFactor!.Value, high = scaling.HighFrequencyFactor!.Value;
        for (int i = 0; i < inverse.Length; i++)
        {
            double wavelength = 2 * Math.PI / inverse[i];
            double keep = Math.Clamp((scaling.OriginalMaxPositions / wavelength - low) / (high - low), 0, 1);
            inverse[i] = keep * inverse[i] + (1 - keep) * inverse[i] / scaling.Factor;
        }
    }

    /// <summary>
    /// YaRN: pairs that rotate many times inside the original window keep θ, slow ones are interpolated by the factor,
    /// with a ramp that is linear in the pair index between the two correction dimensions (as the YaRN reference code
    /// and Hugging Face compute them); the caller sharpens attention logits by 0.1·ln(s)+1.
    /// </summary>
    static double[] Yarn(double[] inverse, RopeScaling scaling, int headDim, double theta)
    {
        double CorrectionDimension(double rotations) =>
            headDim * Math.Log(scaling.OriginalMaxPositions / (rotations * 2 * Math.PI)) / (2 * Math.Log(theta));
        double low = Math.Max(0, Math.Floor(CorrectionDimension(scaling.BetaFast)));
        double high = Math.Min(headDim - 1, Math.Ceiling(CorrectionDimension(scaling.BetaSlow)));
        if (high == low) high += 0.001;
        for (int i = 0; i < inverse.Length; i++)
        {
            double keep = 1 - Math.Clamp((i - low) / (high - low), 0, 1);
            inverse[i] = keep * inverse[i] + (1 - keep) * inverse[i] / scaling.Factor;
        }
        return inverse;
    }

    /// <summary>cos and sin tables of shape (batch, 1, T, head_dim) for position ids of shape (batch, T).</summary>
    public static (Tensor Cos, Tensor Sin) Tables(Tensor positionIds, Tensor inverseFrequencies, double attentionScale)
    {
        using var angles = positionIds.to_type(ScalarType.Float32).unsqueeze(-1) * inverseFrequencies;   // (B, T, half)
        using var both = cat([angles, angles], -1).unsqueeze(1);                                         // (B, 1, T, hd)
        if (attentionScale == 1) return (both.cos(), both.sin());
        using var scale = attentionScale.ToScalar();   // held until the ops return (see RmsNorm)
        return (both.cos().mul_(scale), both.sin().mul_(scale));
    }

    /// <summary>Rotates (batch, heads, T, head_dim) by the tables; pairs are (i, i + hd/2) as in Hugging Face Llama.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        long half = x.shape[^1] / 2;
        using var cosX = cos.to_type(x.dtype);   // bf16/fp16 weights: keep q and k in the dtype of v and the cache
        using var sinX = sin.to_type(x.dtype);
        using var first = x.narrow(-1, 0, half);
        using var second = x.narrow(-1, half, half);
        using var negated = second.neg();
        using var rotated = cat([negated, first], -1);
        using var a = x * cosX;
        using var b = rotated * sinX;
        return a + b;
    }
}
