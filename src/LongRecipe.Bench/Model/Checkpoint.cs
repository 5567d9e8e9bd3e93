using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>
/// A model folder in Hugging Face layout: config.json + model.safetensors (or an index and shards). Written whole beside
/// its place and renamed into it (<see cref="AtomicFile.WriteFolder"/>), so a crash never leaves a half-written checkpoint.
/// </summary>
public static class Checkpoint
{
    public const string ConfigFileName = "config.json";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Files a tokenizer brings with it; copied beside the weights so the saved folder is a complete model.</summary>
    public static readonly string[] TokenizerFiles =
        ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.model", "generation_config.json"];

    /// <summary>
    /// Writes config.json and the weights in their dtype: one model.safetensors, or shards of at most
    /// <paramref name="maxShardBytes"/> with an index. Tokenizer files of <paramref name="tokenizerFrom"/> are copied along.
    /// </summary>
    public static void Save(Llama model, string folder, IReadOnlyDictionary<string, string>? metadata = null,
        long? maxShardBytes = null, string? tokenizerFrom = null)
    {
        AtomicFile.WriteFolder(folder, staging =>
        {
            var config = model.Config with
            {
                Architectures = model.Config.Architectures ?? ["LlamaForCausalLM"], ModelType = model.Config.ModelType ?? "llama",
                TorchDType = DTypeName(model.EmbeddingDType),
            };
            File.WriteAllText(Path.Combine(staging, ConfigFileName), JsonSerializer.Serialize(config, Json));
            var tensors = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
            var fileMetadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { ["format"] = "pt" };
            if (maxShardBytes is { } limit) SafetensorsFolder.SaveSharded(staging, tensors, limit, fileMetadata);
            else Safetensors.Save(Path.Combine(staging, SafetensorsFolder.SingleFileName), tensors, fileMetadata);
            foreach (string file in TokenizerFiles)
                if (tokenizerFrom is not null && File.Exists(Path.Combine(tokenizerFrom, file)))
                    File.Copy(Path.Combine(tokenizerFrom, file), Path.Combine(staging, file));
        });
    }

    public static LlamaConfig ReadConfig(string folder)
    {
        string path = Path.Combine(folder, ConfigFileName);
        if (!File.Exists(path)) throw new CheckpointException(path, "(file)", "not found");
        LlamaConfig? config;
        try { config = JsonNode.Parse(File.ReadAllText(path)) is JsonObject json ? WithHuggingFaceDefaults(json).Deserialize<LlamaConfig>() : null; }
        catch (JsonException e) { throw new CheckpointException(path, e.Path ?? "(json)", e.Message.Split('.')[0]); }
        if (config is null) throw new CheckpointException(path, "(document)", "is not a JSON object");
        config.Validate(path);
        return config;
    }

    /// <summary>
    /// Fields a Hugging Face config may leave out mean what transformers' defaults say, not what this project's tiny
    /// profile defaults to: untied embeddings, one key/value head per query head, ε = 1e-6, a 2,048-token window.
    /// </summary>
    static JsonObject WithHuggingFaceDefaults(JsonObject json)
    {
        json.TryAdd("tie_word_embeddings", false);
        if (json["num_attention_heads"] is { } heads) json.TryAdd("num_key_value_heads", heads.DeepClone());
        json.TryAdd("rms_norm_eps", 1e-6);
        json.TryAdd("max_position_embeddings", 2048);
        return json;
    }

    /// <summary>
    /// Checks a checkpoint folder against its config from the headers alone, before any weight is read or any model built:
    /// every parameter the config implies present with its shape and a floating-point dtype, and no tensor the model has
    /// no place for (it would mean the config describes another architecture), except the copies Hugging Face ignores.
    /// Returns the config, the opened weights and the dtype the model is built in (the embedding's).
    /// </summary>
    public static (LlamaConfig Config, SafetensorsFolder Weights, ScalarType DType) Verify(string folder)
    {
        var config = ReadConfig(folder);
        var weights = SafetensorsFolder.Open(folder);
        string weightsPath = WeightsPath(folder);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, shape) in config.ParameterShapes())
        {
            expected.Add(name);
            if (!weights.Contains(name)) throw new CheckpointException(weightsPath, name, "tensor missing");
            var entry = weights.Entry(name);
            if (!entry.Shape.SequenceEqual(shape))
                throw new CheckpointException(weightsPath, name, $"shape [{string.Join(", ", entry.Shape)}] but the config implies [{string.Join(", ", shape)}]");
            if (!DTypeNames.ContainsKey(entry.ScalarType))
                throw new CheckpointException(weightsPath, name, $"dtype {entry.ScalarType} is not a floating-point weight type ({string.Join(", ", DTypeNames.Values)})");
        }
        foreach (string name in weights.Names)
            if (!expected.Contains(name) && !IgnoredTensor(name, config))
                throw new CheckpointException(weightsPath, name, $"no such parameter in a {config.ModelType ?? "llama"} model of this config");
        return (config, weights, weights.Entry("model.embed_tokens.weight").ScalarType);
    }

    /// <summary>Builds the model described by config.json in the embedding's dtype and fills every parameter from the safetensors.</summary>
    public static Llama Load(string folder, Device device)
    {
        var (config, weights, dtype) = Verify(folder);
        var model = new Llama(config, dtype, initialise: false);   // every parameter is filled below
        try
        {
            using (no_grad())
                foreach (var (name, parameter) in model.named_parameters())
                {
                    using var loaded = weights.Load(name);
                    parameter.copy_(loaded);
                }
            model.to(device);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Old checkpoints store RoPE's inverse frequencies; tied models sometimes store the output head anyway.</summary>
    static bool IgnoredTensor(string name, LlamaConfig config) =>
        name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal) || config.TieWordEmbeddings && name == "lm_head.weight";

    static string WeightsPath(string folder) =>
        File.Exists(Path.Combine(folder, SafetensorsFolder.IndexFileName))
            ? Path.Combine(folder, SafetensorsFolder.IndexFileName)
            : Path.Combine(folder, SafetensorsFolder.SingleFileName);

    static readonly Dictionary<ScalarType, string> DTypeNames = new()
    {
        [ScalarType.Float32] = "float32", [ScalarType.BFloat16] = "bfloat16", [ScalarType.Float16] = "float16",
    };

    static string DTypeName(ScalarType type) => DTypeNames[type];
}
