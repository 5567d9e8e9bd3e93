using TorchSharp;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>
/// Preallocated keys and values for every layer, so decoding one token costs one token's work instead of a full
/// recompute. The tensors are detached from any dispose scope: they live as long as the cache.
/// </summary>
public sealed class KvCache : IDisposable
{
    readonly Tensor[] _keys, _values;
    readonly Dictionary<(int Layer, SmearedKind Kind), Tensor> _earlier = [];

    public KvCache(LlamaConfig config, long batch, long capacity, Device device, ScalarType dtype)
    {
        Capacity = capacity;
        _keys = new Tensor[config.NumLayers];
        _values = new Tensor[config.NumLayers];
        for (int layer = 0; layer < config.NumLayers; layer++)
        {
            _keys[layer] = zeros([batch, config.NumKeyValueHeads, capacity, config.HeadDim], dtype, device).DetachFromDisposeScope();
            _values[layer] = zeros([batch, config.NumKeyValueHeads, capacity, config.HeadDim], dtype, device).DetachFromDisposeScope();
        }
    }

    public long Capacity { get; }

    /// <summary>Tokens already stored (the same for every layer; advanced once per forward by <see cref="Advance"/>).</summary>
    public long Length { get; private set; }

    /// <summary>Stores this step's keys/values of one layer and returns views of everything cached so far, new tokens included.</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        long count = keys.shape[2];
        if (Length + count > Capacity) throw new InvalidOperationException($"KV cache holds {Capacity} tokens; {Length + count} requested");
        _keys[layer].narrow(2, Length, count).copy_(keys);
        _values[layer].narrow(2, Length, count).copy_(values);
        return (_keys[layer].narrow(2, 0, Length + count), _values[layer].narrow(2, 0, Length + count));
    }

    /// <summary>
    /// The newest tokens' raw queries or keys (before smearing and RoPE) that a smeared model mixes into the next
    /// tokens' (<see cref="LlamaConfig.SmearTaps"/>).
    /// </summary>
    internal Tensor Earlier(int layer, SmearedKind kind) =>
        _earlier.TryGetValue((layer, kind), out var kept) ? kept : throw new InvalidOperationException($"no {kind} kept for layer {layer}");

    internal void KeepEarlier(int layer, SmearedKind kind, Tensor vectors)
    {
        if (_earlier.Remove((layer, kind), out var old)) old.Dispose();
        _earlier[(layer, kind)] = vectors.clone().DetachFromDisposeScope();
    }

    internal void Advance(long count) => Length += count;

    public void Dispose()
    {
        foreach (var t in _keys) t.Dispose();
        foreach (var t in _values) t.Dispose();
        foreach (var t in _earlier.Values) t.Dispose();
    }
}

/// <summary>Which raw vectors a smeared attention layer keeps between decoding steps.</summary>
internal enum SmearedKind { Queries, Keys }
