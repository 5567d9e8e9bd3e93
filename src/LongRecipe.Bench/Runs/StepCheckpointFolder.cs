using System.Text.Json;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Results;
using LongRecipe.Bench.Training;
using TorchSharp.Modules;

namespace LongRecipe.Bench.Runs;

/// <summary>
/// A training's step checkpoint in one folder, replaced whole at each save (built beside it, then swapped, so a kill
/// leaves the previous one or none): weights and AdamW moments in TorchSharp's own format (exact floats), and the steps
/// so far. An unreadable one is deleted and reported, never half-trusted: the model may already hold part of it.
/// </summary>
public sealed class StepCheckpointFolder : IStepCheckpoints
{
    const string WeightsFile = "weights.dat", OptimizerFile = "optimizer.dat", HistoryFile = "history.json";
    readonly string folder;
    readonly Action<string>? log;

    public StepCheckpointFolder(string folder, int every, Action<string>? log = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        (this.folder, Every, this.log) = (folder, every, log);
    }

    public int Every { get; }

    public List<StepMetrics>? Restore(Llama model, OptimizerHelper optimizer)
    {
        if (!File.Exists(Path.Combine(folder, HistoryFile))) return null;
        try
        {
            var history = JsonSerializer.Deserialize<List<StepMetrics>>(File.ReadAllText(Path.Combine(folder, HistoryFile)), SnapshotFormats.Json)
                          ?? throw new JsonException("the step list is null");
            model.load(Path.Combine(folder, WeightsFile));
            optimizer.load_state_dict(Path.Combine(folder, OptimizerFile));
            log?.Invoke($"training resumes after step {history.Count} (kept in {folder})");
            return history;
        }
        catch (Exception e) when (e is JsonException or IOException or ArgumentException or InvalidOperationException
                                       or System.Runtime.InteropServices.ExternalException)
        {
            Directory.Delete(folder, recursive: true);
            throw new CheckpointException(folder, "step checkpoint",
                $"unreadable ({e.Message.Split('\n')[0]}); deleted it, run again to train this phase from its start");
        }
    }

    /// <summary>Removes the checkpoint and any staging copy a kill inside a save left beside it.</summary>
    public void Delete()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        string parent = Path.GetDirectoryName(Path.GetFullPath(folder))!;
        if (Directory.Exists(parent))
            foreach (string staging in Directory.GetDirectories(parent, $".{Path.GetFileName(folder)}.*"))
                Directory.Delete(staging, recursive: true);
    }

    public void Save(Llama model, OptimizerHelper optimizer, IReadOnlyList<StepMetrics> history) =>
        AtomicFile.WriteFolder(folder, staging =>
        {
            model.save(Path.Combine(staging, WeightsFile));
            optimizer.save_state_dict(Path.Combine(staging, OptimizerFile));
            File.WriteAllText(Path.Combine(staging, HistoryFile), JsonSerializer.Serialize(history, SnapshotFormats.Json));
        });
}
