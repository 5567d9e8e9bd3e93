using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>Writes and opens single safetensors files (https://github.com/huggingface/safetensors format).</summary>
public static class Safetensors
{
    /// <summary>
    /// Writes <paramref name="tensors"/> (any device; copied to CPU one at a time) atomically. Tensors are stored in
    /// name order, so the same tensors always give the same bytes. Data is copied as the host stores it, which is
    /// little-endian on every platform .NET and libtorch ship for, as the format requires.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = tensors.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var entries = Layout(path, ordered);
        byte[] header = SafetensorsHeader.Build(entries, metadata);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            foreach (var (_, tensor) in ordered)
            {
                using var scope = NewDisposeScope(); // frees the CPU copies, never the caller's tensor
                TensorBytes.Write(stream, tensor.detach().cpu().contiguous());
            }
        });
    }

    public static SafetensorsFile Open(string path) => SafetensorsFile.Open(path);

    /// <summary>Every tensor of the file on the CPU.</summary>
    public static Dictionary<string, Tensor> Load(string path) => Open(path).LoadAll();

    private static List<SafetensorsEntry> Layout(string path, List<KeyValuePair<string, Tensor>> ordered)
    {
        var entries = new List<SafetensorsEntry>(ordered.Count);
        long offset = 0;
        foreach (var (name, tensor) in ordered)
        {
            if (name.Length == 0 || name == SafetensorsHeader.MetadataKey)
            {
                throw new CheckpointException(path, $"'{name}'", "is not a valid tensor name");
            }
            if (!SafetensorsDType.TryName(tensor.dtype, out string dtype))
            {
                throw new CheckpointException(path, name, $"dtype {tensor.dtype} cannot be stored (supported: {string.Join(", ", SafetensorsDType.Names)})");
            }
            long bytes = tensor.numel() * tensor.element_size();
            entries.Add(new SafetensorsEntry(name, dtype, tensor.dtype, tensor.shape, offset, offset + bytes));
            offset += bytes;
        }
        return entries;
    }
}
