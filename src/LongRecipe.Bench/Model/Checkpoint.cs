using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>
/// A model folder in Hugging Face layout: config.json + model.safetensors (or an index and shards). Written to a
/// temporary folder and renamed into place, so a crash never leaves a half-written checkpoint under the real name.
/// </summary>
public static class Checkpoint
{
    public const string ConfigFileName = "config.json";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static void Save(Llama model, string folder, IReadOnlyDictionary<string, string>? metadata = null)
    {
        string parent = Path.GetDirectoryName(Path.GetFullPath(folder))!;
        Directory.CreateDirectory(parent);
        string staging = Path.Combine(parent, $".{Path.GetFileName(folder)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(staging);
        try
        {
            var config = model.Config with { Architectures = ["LlamaForCausalLM"], ModelType = "llama", TorchDType = DTypeName(model.EmbeddingDType) };
            File.WriteAllText(Path.Combine(staging, ConfigFileName), JsonSerializer.Serialize(config, Json));
            var tensors = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
            Safetensors.Save(Path.Combine(staging, SafetensorsFolder.SingleFileName), tensors,
                new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { ["format"] = "pt" });
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.Move(staging, folder);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    public static LlamaConfig ReadConfig(string folder)
    {
        string path = Path.Combine(folder, ConfigFileName);
        if (!File.Exists(path)) throw new CheckpointException(path, "(file)", "not found");
        LlamaConfig? config;
        try { config = JsonSerializer.Deserialize<LlamaConfig>(File.ReadAllText(path)); }
        catch (JsonException e) { throw new CheckpointException(path, e.Path ?? "(json)", e.Message.Split('.')[0]); }
        if (config is null) throw new CheckpointException(path, "(document)", "is empty");
        config.Validate(path);
        return config;
    }

    /// <summary>Builds the model described by config.json and fills every parameter from the safetensors; names and shapes must match.</summary>
    public static Llama Load(string folder, Device device)
    {
        var config = ReadConfig(folder);
        var weights = SafetensorsFolder.Open(folder);
        var model = new Llama(config);
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                if (!weights.Contains(name)) throw new CheckpointException(WeightsPath(folder), name, "tensor missing");
                var shape = weights.Entry(name).Shape;
                if (!shape.SequenceEqual(parameter.shape))
                    throw new CheckpointException(WeightsPath(folder), name, $"shape [{string.Join(", ", shape)}] but the config implies [{string.Join(", ", parameter.shape)}]");
                using var loaded = weights.Load(name);
                parameter.copy_(loaded);
            }
        }
        model.to(device);
        model.eval();
        return model;
    }

    static string WeightsPath(string folder) =>
        File.Exists(Path.Combine(folder, SafetensorsFolder.IndexFileName))
            ? Path.Combine(folder, SafetensorsFolder.IndexFileName)
            : Path.Combine(folder, SafetensorsFolder.SingleFileName);

    static string DTypeName(ScalarType type) => type switch
    {
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float16 => "float16",
        _ => "float32",
    };
}
