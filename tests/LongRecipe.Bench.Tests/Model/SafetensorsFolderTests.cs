using System.Text.Json;
using LongRecipe.Bench.Model;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Model;

public sealed class SafetensorsFolderTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly Dictionary<string, Tensor> _tensors = new()
    {
        ["embed.weight"] = SafetensorsTests.RandomBits(ScalarType.BFloat16, [16, 8], seed: 1), // 256 bytes
        ["layers.0.attn.weight"] = SafetensorsTests.RandomBits(ScalarType.Float32, [8, 8], seed: 2), // 256 bytes
        ["layers.0.norm.weight"] = SafetensorsTests.RandomBits(ScalarType.Float32, [8], seed: 3), // 32 bytes
        ["lm_head.weight"] = SafetensorsTests.RandomBits(ScalarType.Float16, [16, 8], seed: 4), // 256 bytes
    };

    public void Dispose()
    {
        foreach (var tensor in _tensors.Values)
        {
            tensor.Dispose();
        }
        _temp.Dispose();
    }

    [Fact]
    public void ShardedCheckpointLoadsEveryTensorFromItsShard()
    {
        SafetensorsFolder.SaveSharded(_temp.Path, _tensors, maxShardBytes: 300);

        var folder = SafetensorsFolder.Open(_temp.Path);
        var loaded = folder.LoadAll();

        Assert.True(folder.Files.Count > 1, $"expected several shards, got {folder.Files.Count}");
        AssertSameTensors(loaded);
        Assert.Equal(_tensors["lm_head.weight"].bytes.ToArray(), folder.Load("lm_head.weight").bytes.ToArray());
    }

    [Fact]
    public void IndexNamesEachTensorsShardAndTheTotalSize()
    {
        SafetensorsFolder.SaveSharded(_temp.Path, _tensors, maxShardBytes: 300);

        using var index = JsonDocument.Parse(File.ReadAllText(_temp.File(SafetensorsFolder.IndexFileName)));
        var weightMap = index.RootElement.GetProperty("weight_map");

        Assert.Equal(800, index.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64());
        foreach (string name in _tensors.Keys)
        {
            string shard = weightMap.GetProperty(name).GetString()!;
            Assert.Matches("^model-0000[1-9]-of-0000[1-9].safetensors$", shard);
            Assert.True(Safetensors.Open(_temp.File(shard)).Contains(name));
        }
    }

    [Fact]
    public void SingleFileFolderLoads()
    {
        Safetensors.Save(_temp.File(SafetensorsFolder.SingleFileName), _tensors);

        var folder = SafetensorsFolder.Open(_temp.Path);

        Assert.Single(folder.Files);
        Assert.Equal(_tensors.Keys.Order(StringComparer.Ordinal), folder.Names);
        AssertSameTensors(folder.LoadAll());
    }

    [Fact]
    public void IndexPointingAtAMissingShardNamesTheIndexAndTensor()
    {
        SafetensorsFolder.SaveSharded(_temp.Path, _tensors, maxShardBytes: 300);
        string index = _temp.File(SafetensorsFolder.IndexFileName);
        File.Delete(_temp.File("model-00001-of-00003.safetensors"));

        var error = Assert.Throws<CheckpointException>(() => SafetensorsFolder.Open(_temp.Path));

        Assert.StartsWith($"{index}: weight_map.embed.weight: shard 'model-00001-of-00003.safetensors' does not exist", error.Message);
    }

    [Fact]
    public void IndexWithoutAWeightMapIsRejected()
    {
        string index = _temp.File(SafetensorsFolder.IndexFileName);
        File.WriteAllText(index, "{\"metadata\": {}}");

        var error = Assert.Throws<CheckpointException>(() => SafetensorsFolder.Open(_temp.Path));

        Assert.Equal($"{index}: weight_map: missing or not an object", error.Message);
    }

    [Fact]
    public void FolderWithoutACheckpointIsRejected()
    {
        var error = Assert.Throws<CheckpointException>(() => SafetensorsFolder.Open(_temp.Path));

        Assert.StartsWith($"{_temp.Path}: folder: has neither", error.Message);
    }

    private void AssertSameTensors(Dictionary<string, Tensor> loaded)
    {
        Assert.Equal(_tensors.Keys.Order(), loaded.Keys.Order());
        foreach (var (name, tensor) in _tensors)
        {
            Assert.Equal(tensor.dtype, loaded[name].dtype);
            Assert.Equal(tensor.shape, loaded[name].shape);
            Assert.Equal(tensor.bytes.ToArray(), loaded[name].bytes.ToArray());
        }
    }
}
