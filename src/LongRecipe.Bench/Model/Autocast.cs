using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>
/// Mixed precision as torch.autocast does it, for TorchSharp 0.107, which has none. Inside a region (per thread, like
/// PyTorch's) every projection of <see cref="Llama"/> runs in the region's dtype: its input and weights are cast per
/// call, and the gradients flow back through the casts to the float32 weights, which the optimizer keeps. Norm statistics,
/// residual sums (a narrow tensor added to a float32 one is float32) and the loss stay float32, as autocast's lists put
/// them. Attention runs in the projections' dtype. Evaluation runs outside any region, in the weights' own dtype.
/// </summary>
public static class Autocast
{
    [ThreadStatic] static ScalarType? _dtype;

    /// <summary>What method files may ask for (`autocast:`); "none" computes in the weights' dtype.</summary>
    public static readonly IReadOnlyDictionary<string, ScalarType?> Names = new Dictionary<string, ScalarType?>
    {
        ["bf16"] = ScalarType.BFloat16, ["none"] = null,
    };

    /// <summary>The dtype a method file's `autocast:` value computes in; null for none (or no value).</summary>
    public static ScalarType? DType(string? name) => name is null ? null : Names[name];

    /// <summary>Bytes per element of that dtype, what the memory plan counts activations in; null for none.</summary>
    public static int? ComputeBytes(string? name) => DType(name) switch
    {
        null => null,
        ScalarType.BFloat16 or ScalarType.Float16 => 2,
        _ => 4,
    };

    /// <summary>The dtype projections compute in on this thread; null outside a region.</summary>
    public static ScalarType? Current => _dtype;

    /// <summary>Projections compute in <paramref name="dtype"/> until the region is disposed (null: as the weights are).</summary>
    public static IDisposable Region(ScalarType? dtype)
    {
        var previous = _dtype;
        _dtype = dtype;
        return new Restore(previous);
    }

    /// <summary>x · Wᵀ (+ b) of <paramref name="layer"/>, in the region's dtype when there is one.</summary>
    internal static Tensor Linear(Linear layer, Tensor x)
    {
        if (_dtype is not { } dtype || layer.weight!.dtype == dtype) return layer.forward(x);
        using var input = x.to_type(dtype);
        using var weight = layer.weight.to_type(dtype);
        using var bias = layer.bias?.to_type(dtype);
        return nn.functional.linear(input, weight, bias);
    }

    /// <summary>x · Eᵀ for the tied output head, in the region's dtype when there is one.</summary>
    internal static Tensor MatmulTransposed(Tensor x, Tensor embedding)
    {
        if (_dtype is not { } dtype || embedding.dtype == dtype)
        {
            using var t = embedding.t();
            return matmul(x, t);
        }
        using var input = x.to_type(dtype);
        using var narrow = embedding.to_type(dtype);
        using var transposed = narrow.t();
        return matmul(input, transposed);
    }

    sealed class Restore(ScalarType? previous) : IDisposable
    {
        public void Dispose() => _dtype = previous;
    }
}
