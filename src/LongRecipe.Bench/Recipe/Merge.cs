using LongRecipe.Bench.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Recipe;

/// <summary>
/// LongRecipe's last stage: θ = α·θ_extended + (1 − α)·θ_base over every parameter, so the merged model keeps the base
/// model's general abilities while inheriting the extension (reference: α = 0.5).
/// </summary>
public static class Merge
{
    public static Llama Interpolate(Llama extended, Llama original, double alpha)
    {
        if (alpha is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "must lie in [0, 1]");
        var merged = extended.Copy();
        // The endpoints copy a parent outright: α·a + (1−α)·b is not bit-exact in floating point (−0.0 + 0.0 = +0.0).
        if (alpha == 1) return merged;
        using var _ = no_grad();
        foreach (var ((name, target), (_, source)) in merged.named_parameters().Zip(original.named_parameters()))
        {
            if (!target.shape.SequenceEqual(source.shape)) throw new ArgumentException($"parameter {name} differs in shape between the models");
            if (alpha == 0) target.copy_(source);
            else
            {
                // Held until the ops return (see Llama's RmsNorm).
                using var keep = alpha.ToScalar();
                using var take = (1 - alpha).ToScalar();
                target.mul_(keep).add_(source, alpha: take);
            }
        }
        return merged;
    }
}
