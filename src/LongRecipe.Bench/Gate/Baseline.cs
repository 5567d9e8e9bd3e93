using System.Text.Json;
using LongRecipe.Bench.Reports;
using LongRecipe.Bench.Results;

namespace LongRecipe.Bench.Gate;

/// <summary>Where an accepted baseline came from: the run, its commit and machine, and when it was accepted.</summary>
public sealed record BaselineOrigin(string RunId, string Profile, string Commit, string Os, int ProcessorCount, double? MatmulGflopsPerSecond, DateTime AcceptedUtc);

/// <summary>
/// results/baseline/: the snapshot files of one accepted run (no models), what `make gate` compares against. Accepting
/// is explicit (`make baseline`), replaces the folder whole (built beside it, then swapped) and records its origin.
/// </summary>
public static class Baseline
{
    public const string OriginFile = "baseline.json";

    /// <summary>The files a gate or report reads; models and done-markers stay behind.</summary>
    static readonly string[] Kept = [".json", ".csv", ".jsonl", ".yaml", ".sha256"];

    public static BaselineOrigin Accept(string runFolder, string baselineFolder, DateTime utcNow)
    {
        var run = RunSnapshot.Load(runFolder);   // refuses a folder that is not a finished run
        var environment = run.Environment;
        var origin = new BaselineOrigin(run.Summary.RunId, run.Summary.Profile, environment?.Commit ?? "unknown", environment?.Os ?? "unknown",
            environment?.ProcessorCount ?? 0, environment?.MatmulGflopsPerSecond, utcNow);
        AtomicFile.WriteFolder(baselineFolder, staging =>
        {
            foreach (string file in Directory.EnumerateFiles(run.Path, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(run.Path, file);
                if (relative.StartsWith(".done", StringComparison.Ordinal) || relative.StartsWith("methods", StringComparison.Ordinal)
                    || relative.StartsWith(RunReport.PlotFolder, StringComparison.Ordinal) || !Kept.Contains(Path.GetExtension(file))) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(staging, relative))!);
                File.Copy(file, Path.Combine(staging, relative));
            }
            AtomicFile.WriteAllText(Path.Combine(staging, OriginFile), JsonSerializer.Serialize(origin, SnapshotFormats.Json) + "\n");
        });
        return origin;
    }

    public static BaselineOrigin? Origin(string baselineFolder)
    {
        string path = Path.Combine(baselineFolder, OriginFile);
        return File.Exists(path) ? JsonSerializer.Deserialize<BaselineOrigin>(File.ReadAllText(path), SnapshotFormats.Json) : null;
    }
}
