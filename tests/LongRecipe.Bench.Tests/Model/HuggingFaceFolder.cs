using System.Text.Json.Nodes;
using LongRecipe.Bench.Model;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Model;

/// <summary>
/// Writes a tiny random checkpoint folder the way transformers lays one out (config.json with its own field set, tensors
/// under the architecture's names, optionally sharded with an index), without going through <see cref="Checkpoint"/>:
/// the loader is checked against the format, not against its own writer.
/// </summary>
internal static class HuggingFaceFolder
{
    /// <summary>hidden 32, 4 query heads of 16 (head_dim set explicitly, 4 × 16 ≠ 32), 2 key/value heads, 2 layers, vocab 48.</summary>
    public static JsonObject Config(string architecture) => new()
    {
        ["architectures"] = new JsonArray(architecture),
        ["model_type"] = LlamaConfig.SupportedArchitectures[architecture],
        ["vocab_size"] = 48, ["hidden_size"] = 32, ["intermediate_size"] = 40, ["num_hidden_layers"] = 2,
        ["num_attention_heads"] = 4, ["num_key_value_heads"] = 2, ["head_dim"] = 16,
        ["hidden_act"] = "silu", ["rms_norm_eps"] = 1e-6, ["rope_theta"] = 500000.0, ["max_position_embeddings"] = 256,
        ["tie_word_embeddings"] = false, ["torch_dtype"] = "bfloat16", ["bos_token_id"] = 1, ["eos_token_id"] = new JsonArray(2, 3),
        ["transformers_version"] = "4.46.0",
    };

    /// <summary>Every tensor the architecture stores, with its shape; Qwen2 adds q/k/v biases, untied models an output head.</summary>
    public static List<(string Name, long[] Shape)> TensorShapes(JsonObject config)
    {
        int hidden = (int)config["hidden_size"]!, vocab = (int)config["vocab_size"]!, inner = (int)config["intermediate_size"]!;
        int headDim = (int)config["head_dim"]!, queries = (int)config["num_attention_heads"]! * headDim, keys = (int)config["num_key_value_heads"]! * headDim;
        bool qwen = (string)config["model_type"]! == "qwen2";
        var shapes = new List<(string, long[])> { ("model.embed_tokens.weight", [vocab, hidden]), ("model.norm.weight", [hidden]) };
        for (int layer = 0; layer < (int)config["num_hidden_layers"]!; layer++)
        {
            string p = $"model.layers.{layer}.";
            shapes.Add((p + "input_layernorm.weight", [hidden]));
            shapes.Add((p + "post_attention_layernorm.weight", [hidden]));
            shapes.Add((p + "self_attn.q_proj.weight", [queries, hidden]));
            shapes.Add((p + "self_attn.k_proj.weight", [keys, hidden]));
            shapes.Add((p + "self_attn.v_proj.weight", [keys, hidden]));
            shapes.Add((p + "self_attn.o_proj.weight", [hidden, queries]));
            if (qwen)
            {
                shapes.Add((p + "self_attn.q_proj.bias", [queries]));
                shapes.Add((p + "self_attn.k_proj.bias", [keys]));
                shapes.Add((p + "self_attn.v_proj.bias", [keys]));
            }
            shapes.Add((p + "mlp.gate_proj.weight", [inner, hidden]));
            shapes.Add((p + "mlp.up_proj.weight", [inner, hidden]));
            shapes.Add((p + "mlp.down_proj.weight", [hidden, inner]));
        }
        if (!(bool)config["tie_word_embeddings"]!) shapes.Add(("lm_head.weight", [vocab, hidden]));
        return shapes;
    }

    /// <summary>Random tensors (norm weights near 1, the rest small), seeded, in <paramref name="dtype"/>.</summary>
    public static Dictionary<string, Tensor> RandomTensors(JsonObject config, ScalarType dtype, int seed = 11)
    {
        var generator = new Generator((ulong)seed);
        return TensorShapes(config).ToDictionary(t => t.Name, t =>
        {
            using var values = randn(t.Shape, generator: generator) * (t.Name.Contains("norm") ? 0.1 : 0.2);
            using var shifted = t.Name.Contains("norm") ? values + 1 : values.alias();
            return shifted.to_type(dtype);
        });
    }

    /// <summary>Writes config.json, the tensors (sharded when <paramref name="maxShardBytes"/> is set) and a tokenizer file.</summary>
    public static void Write(string folder, JsonObject config, IReadOnlyDictionary<string, Tensor> tensors, long? maxShardBytes = null)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), """{"version": "1.0", "model": {"type": "BPE"}}""");
        if (maxShardBytes is { } limit) SafetensorsFolder.SaveSharded(folder, tensors, limit);
        else Safetensors.Save(Path.Combine(folder, SafetensorsFolder.SingleFileName), tensors);
    }
}
