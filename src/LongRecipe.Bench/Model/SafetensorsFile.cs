using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>
/// An opened safetensors file: its header is read and checked, its tensors are read one at a time on demand
/// (each straight from its byte range into a CPU tensor), so a checkpoint never has to fit in memory twice.
/// </summary>
public sealed class SafetensorsFile
{
    private readonly Dictionary<string, SafetensorsEntry> _byName;

    private SafetensorsFile(string path, IReadOnlyList<SafetensorsEntry> entries, IReadOnlyDictionary<string, string> metadata, long dataStart)
    {
        Path = path;
        Entries = entries;
        Metadata = metadata;
        DataStart = dataStart;
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    public string Path { get; }

    /// <summary>The tensors in the order of their bytes in the file.</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The file offset of the data section (8 + header length).</summary>
    public long DataStart { get; }

    public IEnumerable<string> Names => Entries.Select(e => e.Name);

    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException(path, "file", "does not exist");
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        var (entries, metadata, dataStart) = SafetensorsHeader.Read(path, stream);
        return new SafetensorsFile(path, entries, metadata, dataStart);
    }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public SafetensorsEntry Entry(string name) =>
        _byName.TryGetValue(name, out var entry) ? entry : throw new CheckpointException(Path, name, "no such tensor in the file");

    /// <summary>Reads one tensor into a new CPU tensor; the caller owns it (and moves it to a device if needed).</summary>
    public Tensor Load(string name)
    {
        var entry = Entry(name);
        using var file = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        return Load(file, entry);
    }

    /// <summary>Reads every tensor, opening the file once.</summary>
    public Dictionary<string, Tensor> LoadAll()
    {
        using var file = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in Entries)
            {
                tensors.Add(entry.Name, Load(file, entry));
            }
        }
        catch
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
            throw;
        }
        return tensors;
    }

    private Tensor Load(Microsoft.Win32.SafeHandles.SafeFileHandle file, SafetensorsEntry entry)
    {
        var tensor = empty(entry.Shape.ToArray(), entry.ScalarType);
        if (!TensorBytes.TryRead(file, DataStart + entry.Begin, tensor))
        {
            tensor.Dispose();
            throw new CheckpointException(Path, entry.Name, "file ends before the tensor's data (truncated since it was opened?)");
        }
        return tensor;
    }
}
