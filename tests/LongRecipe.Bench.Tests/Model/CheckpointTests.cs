using System.Text.Json.Nodes;
using LongRecipe.Bench.Model;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Model;

public sealed class CheckpointTests
{
    static Llama NewModel(LlamaConfig config, int seed = 5)
    {
        TorchRuntime.Configure(seed);
        return TorchRuntime.NewModel(config, seed, CPU);
    }

    static byte[] Bits(Tensor t) => t.contiguous().bytes.ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Save_then_load_is_bit_exact_and_gives_identical_logits(int smearTaps)
    {
        using var folder = new TempFolder();
        var config = LlamaTests.Small with { TieWordEmbeddings = false, SmearTaps = smearTaps };
        using var model = NewModel(config);
        Checkpoint.Save(model, folder.File("m"));
        using var loaded = Checkpoint.Load(folder.File("m"), CPU);

        Assert.Equal(config with { Architectures = loaded.Config.Architectures, ModelType = "llama", TorchDType = "float32" }, loaded.Config);
        foreach (var ((name, a), (_, b)) in model.named_parameters().Zip(loaded.named_parameters()))
            Assert.True(Bits(a).SequenceEqual(Bits(b)), name);
        using var scope = NewDisposeScope();
        var tokens = tensor(new long[] { 1, 5, 9, 2 }, [1, 4]);
        var positions = arange(4, dtype: ScalarType.Int64).unsqueeze(0);
        Assert.True(Bits(model.Logits(tokens, positions)).SequenceEqual(Bits(loaded.Logits(tokens, positions))));
    }

    [Fact]
    public void Config_json_uses_hugging_face_names_and_loads_a_folder_written_by_hand()
    {
        using var folder = new TempFolder();
        using var model = NewModel(LlamaTests.Small);
        Checkpoint.Save(model, folder.Path);
        var json = JsonNode.Parse(File.ReadAllText(folder.File("config.json")))!;
        Assert.Equal(32, (int)json["hidden_size"]!);
        Assert.Equal(2, (int)json["num_key_value_heads"]!);
        Assert.Equal("llama", (string)json["model_type"]!);

        // A Hugging Face config carries fields this model ignores; it must still load.
        json["hidden_act"] = "silu";
        json["bos_token_id"] = 1;
        File.WriteAllText(folder.File("config.json"), json.ToJsonString());
        using var loaded = Checkpoint.Load(folder.Path, CPU);
        Assert.Equal(model.ParameterCount(), loaded.ParameterCount());
    }

    [Fact]
    public void Missing_config_names_the_file()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load(folder.Path, CPU));
        Assert.Equal($"{folder.File("config.json")}: (file): not found", error.Message);
    }

    [Fact]
    public void Config_whose_shapes_disagree_with_the_weights_names_the_tensor()
    {
        using var folder = new TempFolder();
        using var model = NewModel(LlamaTests.Small);
        Checkpoint.Save(model, folder.Path);
        var json = JsonNode.Parse(File.ReadAllText(folder.File("config.json")))!;
        json["intermediate_size"] = 48;
        File.WriteAllText(folder.File("config.json"), json.ToJsonString());
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load(folder.Path, CPU));
        Assert.StartsWith($"{folder.File("model.safetensors")}: model.layers.0.mlp.", error.Message);
        Assert.Contains("shape", error.Message);
    }

    [Fact]
    public void Invalid_config_value_names_the_field()
    {
        using var folder = new TempFolder();
        using var model = NewModel(LlamaTests.Small);
        Checkpoint.Save(model, folder.Path);
        var json = JsonNode.Parse(File.ReadAllText(folder.File("config.json")))!;
        json["num_key_value_heads"] = 3;
        File.WriteAllText(folder.File("config.json"), json.ToJsonString());
        var error = Assert.Throws<ConfigException>(() => Checkpoint.Load(folder.Path, CPU));
        Assert.Equal(folder.File("config.json"), error.File);
        Assert.Equal("num_key_value_heads", error.Field);
    }

    [Fact]
    public void Truncated_weights_file_gives_a_checkpoint_error()
    {
        using var folder = new TempFolder();
        using var model = NewModel(LlamaTests.Small);
        Checkpoint.Save(model, folder.Path);
        var bytes = File.ReadAllBytes(folder.File("model.safetensors"));
        File.WriteAllBytes(folder.File("model.safetensors"), bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load(folder.Path, CPU));
        Assert.StartsWith(folder.File("model.safetensors"), error.Message);
    }
}
