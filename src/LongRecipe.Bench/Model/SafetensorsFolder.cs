using System.Text.Json;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>
/// A Hugging Face style checkpoint folder: either one model.safetensors, or model.safetensors.index.json
/// ({"weight_map": {tensor name: shard file}}) plus the shard files it names.
/// </summary>
public sealed class SafetensorsFolder
{
    public const string SingleFileName = "model.safetensors";
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly Dictionary<string, SafetensorsFile> _fileOf;

    private SafetensorsFolder(string folder, IReadOnlyList<SafetensorsFile> files, Dictionary<string, SafetensorsFile> fileOf)
    {
        Folder = folder;
        Files = files;
        _fileOf = fileOf;
    }

    public string Folder { get; }

    /// <summary>The opened file(s): one, or the shards in the order the index first names them.</summary>
    public IReadOnlyList<SafetensorsFile> Files { get; }

    public IEnumerable<string> Names => _fileOf.Keys.Order(StringComparer.Ordinal);

    public static SafetensorsFolder Open(string folder)
    {
        string index = Path.Combine(folder, IndexFileName);
        if (File.Exists(index))
        {
            return OpenSharded(folder, index);
        }
        string single = Path.Combine(folder, SingleFileName);
        if (!File.Exists(single))
        {
            throw new CheckpointException(folder, "folder", $"has neither {SingleFileName} nor {IndexFileName}");
        }
        var file = SafetensorsFile.Open(single);
        return new SafetensorsFolder(folder, [file], file.Names.ToDictionary(n => n, _ => file, StringComparer.Ordinal));
    }

    /// <summary>
    /// Writes the tensors as shards of at most <paramref name="maxShardBytes"/> (a tensor larger than that gets a shard
    /// of its own) named model-00001-of-0000N.safetensors, then the index, each file atomically.
    /// </summary>
    public static void SaveSharded(string folder, IReadOnlyDictionary<string, Tensor> tensors, long maxShardBytes,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var shards = new List<Dictionary<string, Tensor>> { new(StringComparer.Ordinal) };
        long shardBytes = 0, totalBytes = 0;
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            long bytes = tensor.numel() * tensor.element_size();
            if (shards[^1].Count > 0 && shardBytes + bytes > maxShardBytes)
            {
                shards.Add(new Dictionary<string, Tensor>(StringComparer.Ordinal));
                shardBytes = 0;
            }
            shards[^1].Add(name, tensor);
            shardBytes += bytes;
            totalBytes += bytes;
        }
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < shards.Count; i++)
        {
            string shardName = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            Safetensors.Save(Path.Combine(folder, shardName), shards[i], metadata);
            foreach (string name in shards[i].Keys)
            {
                weightMap[name] = shardName;
            }
        }
        var index = new { metadata = new { total_size = totalBytes }, weight_map = weightMap };
        AtomicFile.WriteAllText(Path.Combine(folder, IndexFileName), JsonSerializer.Serialize(index, new JsonSerializerOptions { WriteIndented = true }));
    }

    public bool Contains(string name) => _fileOf.ContainsKey(name);

    public SafetensorsEntry Entry(string name) => FileOf(name).Entry(name);

    public Tensor Load(string name) => FileOf(name).Load(name);

    public Dictionary<string, Tensor> LoadAll()
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var file in Files)
        {
            foreach (var (name, tensor) in file.LoadAll())
            {
                if (_fileOf.TryGetValue(name, out var owner) && owner == file)
                {
                    tensors.Add(name, tensor);
                }
                else
                {
                    tensor.Dispose(); // in a shard but not mapped to it by the index
                }
            }
        }
        return tensors;
    }

    private SafetensorsFile FileOf(string name) =>
        _fileOf.TryGetValue(name, out var file) ? file : throw new CheckpointException(Folder, name, "no such tensor in the checkpoint");

    private static SafetensorsFolder OpenSharded(string folder, string index)
    {
        var weightMap = ReadWeightMap(index);
        var shards = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        var fileOf = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        foreach (var (name, shardName) in weightMap)
        {
            if (fileOf.ContainsKey(name))
            {
                throw new CheckpointException(index, $"weight_map.{name}", "appears twice");
            }
            if (!shards.TryGetValue(shardName, out var shard))
            {
                string shardPath = Path.Combine(folder, shardName);
                if (Path.GetFileName(shardName) != shardName || !File.Exists(shardPath))
                {
                    throw new CheckpointException(index, $"weight_map.{name}", $"shard '{shardName}' does not exist in {folder}");
                }
                shard = SafetensorsFile.Open(shardPath);
                shards.Add(shardName, shard);
            }
            if (!shard.Contains(name))
            {
                throw new CheckpointException(index, $"weight_map.{name}", $"shard '{shardName}' has no tensor of that name");
            }
            fileOf.Add(name, shard);
        }
        return new SafetensorsFolder(folder, shards.Values.ToList(), fileOf);
    }

    private static List<(string Name, string Shard)> ReadWeightMap(string index)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(index));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointException(index, "weight_map", "missing or not an object");
            }
            var entries = new List<(string, string)>();
            foreach (var item in map.EnumerateObject())
            {
                if (item.Value.ValueKind != JsonValueKind.String)
                {
                    throw new CheckpointException(index, $"weight_map.{item.Name}", $"expected a file name, found {item.Value.ValueKind}");
                }
                entries.Add((item.Name, item.Value.GetString()!));
            }
            return entries;
        }
        catch (JsonException e)
        {
            throw new CheckpointException(index, "index", $"invalid JSON ({e.Message})", e);
        }
    }
}
