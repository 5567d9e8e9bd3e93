using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Results;
using LongRecipe.Bench.Text;
using LongRecipe.Bench.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Runs;

/// <summary>What pretraining the base model cost (read back from the cache on a hit).</summary>
public sealed record PretrainingRecord(string CacheKey, int Steps, long Tokens, double Flops, double WallSeconds, double FirstLoss, double FinalLoss);

/// <summary>
/// The short-window model every method starts from: pretrained on the synthetic corpus at the base window, or loaded
/// from a cache folder named by a hash of everything that determines its weights, so a second run reuses it.
/// </summary>
public static class BaseModel
{
    /// <summary>Bumped whenever the trainer changes what the same settings produce (data changes show in the fingerprint).</summary>
    const int FormatVersion = 2;
    /// <summary>Leading training documents hashed into the key: any change to corpus or task generation shows in them.</summary>
    const int FingerprintDocuments = 64;
    const string RecordFile = "pretraining.json";

    public static string CacheKey(LlamaConfig config, TrainingSettings training, IDocumentSource corpus, int window, WordTokenizer tokenizer, Device device)
    {
        // Everything that changes the weights: shapes, training, data, vocabulary, and where and how it computes.
        string data = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(
            corpus.Documents(FingerprintDocuments, window, training.Seed).SelectMany(d => d.Tokens).ToArray().AsSpan())));
        string identity = JsonSerializer.Serialize(new
        {
            FormatVersion, config, training, data, window, device = device.ToString(), threads = torch.get_num_threads(),
            torchSharp = typeof(torch).Assembly.GetName().Version?.ToString(),
            vocabulary = string.Join(' ', Enumerable.Range(0, tokenizer.VocabSize).Select(tokenizer.Token)),
        });
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16].ToLowerInvariant();
    }

    public static (Llama Model, PretrainingRecord Record) LoadOrPretrain(LlamaConfig config, TrainingSettings training, IDocumentSource corpus,
        int window, string cacheRoot, Device device, WordTokenizer tokenizer, Action<StepMetrics>? onStep = null)
    {
        string key = CacheKey(config, training, corpus, window, tokenizer, device);
        string folder = Path.Combine(cacheRoot, "base", key);
        string recordPath = Path.Combine(folder, RecordFile);
        if (File.Exists(recordPath))
            return (Checkpoint.Load(folder, device), JsonSerializer.Deserialize<PretrainingRecord>(File.ReadAllText(recordPath))!);

        var model = TorchRuntime.NewModel(config, training.Seed, device);
        var blocks = corpus.Documents(training.Steps * training.BlocksPerStep, window, training.Seed)
            .Select(d => new TrainingBlock(d.Tokens, ContiguousPositions.Range(d.Length)))
            .ToList();
        var history = Trainer.Train(model, blocks, training, onStep);
        var record = new PretrainingRecord(key, history.Count, history.Sum(h => h.Tokens), history.Sum(h => h.Flops),
            history.Sum(h => h.WallSeconds), history[0].Loss, history[^1].Loss);
        Checkpoint.Save(model, folder);
        // The record is written last: its presence is what marks the cache entry complete.
        AtomicFile.WriteAllText(recordPath, JsonSerializer.Serialize(record, SnapshotFormats.Json));
        return (model, record);
    }
}
