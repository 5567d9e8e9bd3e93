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

/// <summary>
/// One stretch of pretraining: the documents it reads (at the window), how long and wide it trains on them, and the loss
/// weight of their recalled tokens (<see cref="Document.LossWeights"/>; 1 is the plain mean).
/// </summary>
public sealed record PretrainingPhase(string Name, IDocumentSource Text, TrainingSettings Training, float RecallWeight = 1);

/// <summary>What pretraining the base model cost, all phases together (read back from the cache on a hit).</summary>
public sealed record PretrainingRecord(string CacheKey, int Steps, long Tokens, double Flops, double WallSeconds, double FirstLoss, double FinalLoss);

/// <summary>
/// The short-window model every method starts from: pretrained on the synthetic corpus at the base window, or loaded
/// from a cache folder named by a hash of everything that determines its weights, so a second run reuses it.
/// </summary>
public static class BaseModel
{
    /// <summary>Bumped whenever the trainer changes what the same settings produce (data changes show in the fingerprint).</summary>
    const int FormatVersion = 3;
    /// <summary>Leading training documents hashed into the key: any change to corpus or task generation shows in them.</summary>
    const int FingerprintDocuments = 64;
    const string RecordFile = "pretraining.json";
    /// <summary>Steps between step checkpoints within a phase (a few MB each at tiny scale, written in milliseconds).</summary>
    public const int CheckpointEvery = 100;

    public static string CacheKey(LlamaConfig config, IReadOnlyList<PretrainingPhase> phases, int window, WordTokenizer tokenizer, Device device)
    {
        // Everything that changes the weights: shapes, each phase's training and data, vocabulary, and where and how it computes.
        var stretches = phases.Select(p => new
        {
            p.Name, Length = window, p.Training, p.RecallWeight,
            data = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(
                p.Text.Documents(FingerprintDocuments, window, p.Training.Seed).SelectMany(d => d.Tokens).ToArray().AsSpan()))),
        });
        string identity = JsonSerializer.Serialize(new
        {
            FormatVersion, config, phases = stretches, device = device.ToString(), threads = torch.get_num_threads(),
            torchSharp = typeof(torch).Assembly.GetName().Version?.ToString(),
            vocabulary = string.Join(' ', Enumerable.Range(0, tokenizer.VocabSize).Select(tokenizer.Token)),
        });
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16].ToLowerInvariant();
    }

    /// <summary>The cached model, or a new one (initialised from the first phase's seed) trained through the phases in order.</summary>
    public static (Llama Model, PretrainingRecord Record) LoadOrPretrain(LlamaConfig config, IReadOnlyList<PretrainingPhase> phases,
        int window, string cacheRoot, Device device, WordTokenizer tokenizer, Action<PretrainingPhase, StepMetrics>? onStep = null,
        Action<string>? log = null)
    {
        if (phases.Count == 0) throw new ArgumentException("pretraining needs at least one phase", nameof(phases));
        string key = CacheKey(config, phases, window, tokenizer, device);
        string folder = Path.Combine(cacheRoot, "base", key);
        string recordPath = Path.Combine(folder, RecordFile);
        if (File.Exists(recordPath))
        {
            try
            {
                return (Checkpoint.Load(folder, device),
                        JsonSerializer.Deserialize<PretrainingRecord>(File.ReadAllText(recordPath), SnapshotFormats.Json) ?? throw new JsonException("the record is null"));
            }
            catch (Exception e) when (e is CheckpointException or JsonException)
            {
                // A cache is rebuilt, never trusted half-read: the entry counts as missing until pretraining writes it anew.
                log?.Invoke($"cached base model {folder} is unreadable ({e.Message.Split('\n')[0]}); pretraining it again");
                File.Delete(recordPath);
            }
        }

        var (model, history, done) = ResumeAfterFinishedPhases(config, phases, folder, device, log);
        foreach (var (phase, index) in phases.Select((p, i) => (p, i)).Skip(done))
        {
            var (_, text, training, recallWeight) = phase;
            var blocks = text.Documents(training.Steps * training.BlocksPerStep, window, training.Seed)
                .Select(d => new TrainingBlock(d.Tokens, ContiguousPositions.Range(d.Length))
                    { LossWeights = recallWeight == 1 ? null : d.LossWeights(recallWeight) })
                .ToList();
            var steps = new StepCheckpointFolder(StepFolder(folder, index), CheckpointEvery, log);
            var phaseHistory = Trainer.Train(model, blocks, training, step => onStep?.Invoke(phase, step), steps);
            history.AddRange(phaseHistory);
            if (index < phases.Count - 1) SavePhase(model, phaseHistory, PhaseFolder(folder, index));
        }
        var record = new PretrainingRecord(key, history.Count, history.Sum(h => h.Tokens), history.Sum(h => h.Flops),
            history.Sum(h => h.WallSeconds), history[0].Loss, history[^1].Loss);
        Checkpoint.Save(model, folder);
        // The record is written last: its presence is what marks the cache entry complete.
        AtomicFile.WriteAllText(recordPath, JsonSerializer.Serialize(record, SnapshotFormats.Json));
        for (int i = 0; i < phases.Count; i++)
        {
            if (Directory.Exists(PhaseFolder(folder, i))) Directory.Delete(PhaseFolder(folder, i), recursive: true);
            new StepCheckpointFolder(StepFolder(folder, i), CheckpointEvery).Delete();
        }
        return (model, record);
    }

    const string PhaseHistoryFile = "history.json";

    static string PhaseFolder(string folder, int phase) => $"{folder}.phase-{phase}";

    static string StepFolder(string folder, int phase) => $"{folder}.phase-{phase}.steps";

    /// <summary>
    /// A finished phase is kept until the whole base is cached: the model after it and its steps' metrics (written last,
    /// marking it complete). Each phase starts a fresh optimizer, so training on from there gives the same weights as an
    /// uninterrupted run: an interrupted pretraining resumes after its last finished phase, and within the phase from its
    /// last step checkpoint (<see cref="StepCheckpointFolder"/>, every <see cref="CheckpointEvery"/> steps).
    /// </summary>
    static void SavePhase(Llama model, List<StepMetrics> history, string phaseFolder)
    {
        Checkpoint.Save(model, phaseFolder);
        AtomicFile.WriteAllText(Path.Combine(phaseFolder, PhaseHistoryFile), JsonSerializer.Serialize(history, SnapshotFormats.Json));
    }

    /// <summary>The model after the last finished phase (or a fresh one), the steps so far, and how many phases are done.</summary>
    static (Llama Model, List<StepMetrics> History, int Done) ResumeAfterFinishedPhases(LlamaConfig config, IReadOnlyList<PretrainingPhase> phases,
        string folder, Device device, Action<string>? log)
    {
        var history = new List<StepMetrics>();
        int done = 0;
        while (done < phases.Count - 1 && File.Exists(Path.Combine(PhaseFolder(folder, done), PhaseHistoryFile))) done++;
        for (; done > 0; done--)
            try
            {
                history = Enumerable.Range(0, done).SelectMany(i => JsonSerializer.Deserialize<List<StepMetrics>>(
                    File.ReadAllText(Path.Combine(PhaseFolder(folder, i), PhaseHistoryFile)), SnapshotFormats.Json) ?? []).ToList();
                var model = Checkpoint.Load(PhaseFolder(folder, done - 1), device);
                log?.Invoke($"pretraining resumes after phase {phases[done - 1].Name} (kept in {PhaseFolder(folder, done - 1)})");
                return (model, history, done);
            }
            catch (Exception e) when (e is CheckpointException or JsonException)
            {
                log?.Invoke($"kept phase {phases[done - 1].Name} is unreadable ({e.Message.Split('\n')[0]}); not resuming from it");
            }
        return (TorchRuntime.NewModel(config, phases[0].Training.Seed, device), [], 0);
    }
}
