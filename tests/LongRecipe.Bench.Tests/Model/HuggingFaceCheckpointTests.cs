using System.Text.Json.Nodes;
using LongRecipe.Bench.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Model;

/// <summary>Checkpoints laid out as transformers writes them: Llama, Mistral and Qwen2, bf16, sharded, tied or not.</summary>
public sealed class HuggingFaceCheckpointTests
{
    static byte[] Bits(Tensor t) => t.contiguous().bytes.ToArray();

    static Tensor Logits(Llama model)
    {
        using var tokens = tensor(new long[] { 1, 7, 30, 2, 45, 9, 9, 12 }, [1, 8]);
        using var positions = arange(8, dtype: ScalarType.Int64).unsqueeze(0);
        using var _ = no_grad();
        return model.Logits(tokens, positions);
    }

    [Theory]
    [InlineData("LlamaForCausalLM", null)]
    [InlineData("MistralForCausalLM", 100L << 10)]
    [InlineData("Qwen2ForCausalLM", 100L << 10)]
    public void Every_tensor_lands_in_the_module_of_its_name_in_its_dtype(string architecture, long? maxShardBytes)
    {
        using var folder = new TempFolder();
        var config = HuggingFaceFolder.Config(architecture);
        var tensors = HuggingFaceFolder.RandomTensors(config, ScalarType.BFloat16);
        HuggingFaceFolder.Write(folder.Path, config, tensors, maxShardBytes);
        Assert.Equal(maxShardBytes is not null, File.Exists(folder.File(SafetensorsFolder.IndexFileName)));

        using var model = Checkpoint.Load(folder.Path, CPU);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(tensors.Keys.Order(), parameters.Keys.Order());
        foreach (var (name, stored) in tensors)
        {
            Assert.Equal(ScalarType.BFloat16, parameters[name].dtype);
            Assert.True(Bits(stored).SequenceEqual(Bits(parameters[name])), name);
        }
        Assert.Equal(16, model.Config.HeadDim);
    }

    [Fact]
    public void A_bf16_model_predicts_as_its_float32_copy_within_bf16_rounding()
    {
        using var folder = new TempFolder();
        var config = HuggingFaceFolder.Config("LlamaForCausalLM");
        HuggingFaceFolder.Write(folder.Path, config, HuggingFaceFolder.RandomTensors(config, ScalarType.BFloat16));
        using var half = Checkpoint.Load(folder.Path, CPU);
        using var full = half.Copy();
        full.to(ScalarType.Float32);

        using var a = Logits(half);
        using var b = Logits(full);
        Assert.Equal(ScalarType.Float32, a.dtype);
        double scale = b.abs().max().item<float>(), error = (a - b).abs().max().item<float>();
        // bf16 keeps 8 significant bits (relative rounding 2^-9 per operation); two layers of it stay within a few percent.
        Assert.True(error < 0.05 * scale, $"largest logit difference {error:G3} against logits up to {scale:G3}");
        Assert.True(error > 0, "the bf16 model computed in float32 after all");
    }

    [Fact]
    public void Save_then_load_is_bit_exact_keeps_architecture_dtype_and_shards_and_brings_the_tokenizer()
    {
        using var folder = new TempFolder();
        var config = HuggingFaceFolder.Config("Qwen2ForCausalLM");
        config["tie_word_embeddings"] = true;
        config["sliding_window"] = 32768;
        config["use_sliding_window"] = false;
        config["rope_scaling"] = new JsonObject { ["rope_type"] = "llama3", ["factor"] = 8.0, ["low_freq_factor"] = 1.0,
            ["high_freq_factor"] = 4.0, ["original_max_position_embeddings"] = 64 };
        HuggingFaceFolder.Write(folder.File("in"), config, HuggingFaceFolder.RandomTensors(config, ScalarType.BFloat16));
        using var model = Checkpoint.Load(folder.File("in"), CPU);

        Checkpoint.Save(model, folder.File("out"), maxShardBytes: 20L << 10, tokenizerFrom: folder.File("in"));
        Assert.True(File.Exists(folder.File("out/tokenizer.json")));
        Assert.True(Directory.GetFiles(folder.File("out"), "model-*-of-*.safetensors").Length > 1);
        var written = JsonNode.Parse(File.ReadAllText(folder.File("out/config.json")))!;
        Assert.Equal("Qwen2ForCausalLM", (string)written["architectures"]![0]!);
        Assert.Equal("bfloat16", (string)written["torch_dtype"]!);
        Assert.Equal("llama3", (string)written["rope_scaling"]!["rope_type"]!);

        using var again = Checkpoint.Load(folder.File("out"), CPU);
        Assert.Equal(model.Config with { Architectures = null }, again.Config with { Architectures = null });
        foreach (var ((name, a), (_, b)) in model.named_parameters().Zip(again.named_parameters()))
        {
            Assert.Equal(ScalarType.BFloat16, b.dtype);
            Assert.True(Bits(a).SequenceEqual(Bits(b)), name);
        }
        using var before = Logits(model);
        using var after = Logits(again);
        Assert.True(Bits(before).SequenceEqual(Bits(after)));
    }

    [Fact]
    public void Fields_a_config_leaves_out_take_transformers_defaults()
    {
        using var folder = new TempFolder();
        var config = HuggingFaceFolder.Config("LlamaForCausalLM");
        config["num_key_value_heads"] = 4;
        var tensors = HuggingFaceFolder.RandomTensors(config, ScalarType.Float32);
        foreach (string field in new[] { "num_key_value_heads", "tie_word_embeddings", "rms_norm_eps" }) config.Remove(field);
        HuggingFaceFolder.Write(folder.Path, config, tensors);

        using var model = Checkpoint.Load(folder.Path, CPU);
        Assert.Equal(4, model.Config.NumKeyValueHeads);
        Assert.False(model.Config.TieWordEmbeddings);
        Assert.Equal(1e-6, model.Config.RmsNormEps);
    }

    public static TheoryData<string, string, string> BadConfigs => new()
    {
        { "architectures", """["GPT2LMHeadModel"]""", "architectures" },
        { "rope_scaling", """{"rope_type": "longrope", "factor": 4.0}""", "rope_scaling.rope_type" },
        { "rope_scaling", """{"rope_type": "llama3", "factor": 8.0, "original_max_position_embeddings": 64}""", "rope_scaling.high_freq_factor" },
        { "sliding_window", "4096", "sliding_window" },
        { "hidden_act", "\"gelu\"", "hidden_act" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void A_config_this_model_cannot_reproduce_is_refused_naming_the_field(string field, string json, string reported)
    {
        using var folder = new TempFolder();
        var config = HuggingFaceFolder.Config("MistralForCausalLM");
        var tensors = HuggingFaceFolder.RandomTensors(config, ScalarType.Float32);
        config[field] = JsonNode.Parse(json);
        HuggingFaceFolder.Write(folder.Path, config, tensors);
        var error = Assert.Throws<ConfigException>(() => Checkpoint.Load(folder.Path, CPU));
        Assert.Equal((folder.File("config.json"), reported), (error.File, error.Field));
    }

    [Fact]
    public void Weights_of_another_architecture_are_refused_naming_the_tensor()
    {
        using var folder = new TempFolder();
        var qwen = HuggingFaceFolder.Config("Qwen2ForCausalLM");
        var tensors = HuggingFaceFolder.RandomTensors(qwen, ScalarType.Float32);
        HuggingFaceFolder.Write(folder.Path, HuggingFaceFolder.Config("LlamaForCausalLM"), tensors);   // biases a Llama has no place for
        var extra = Assert.Throws<CheckpointException>(() => Checkpoint.Load(folder.Path, CPU));
        Assert.Equal("model.layers.0.self_attn.k_proj.bias", extra.Field);

        tensors.Remove("model.layers.1.self_attn.v_proj.bias");
        HuggingFaceFolder.Write(folder.Path, qwen, tensors);
        var missing = Assert.Throws<CheckpointException>(() => Checkpoint.Load(folder.Path, CPU));
        Assert.Equal(("model.layers.1.self_attn.v_proj.bias", $"{folder.File("model.safetensors")}: model.layers.1.self_attn.v_proj.bias: tensor missing"),
            (missing.Field, missing.Message));
    }

    [Fact]
    public void A_weight_stored_as_integers_is_refused_naming_the_tensor()
    {
        using var folder = new TempFolder();
        var config = HuggingFaceFolder.Config("LlamaForCausalLM");
        var tensors = HuggingFaceFolder.RandomTensors(config, ScalarType.Float32);
        tensors["model.layers.0.mlp.up_proj.weight"] = tensors["model.layers.0.mlp.up_proj.weight"].to_type(ScalarType.Int32);
        HuggingFaceFolder.Write(folder.Path, config, tensors);
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load(folder.Path, CPU));
        Assert.Equal("model.layers.0.mlp.up_proj.weight", error.Field);
        Assert.Contains("dtype", error.Message);
    }
}
