using System.Text.Json;
using LongRecipe.Bench.Reports;
using LongRecipe.Bench.Results;

namespace LongRecipe.Bench.Gate;

/// <summary>Where an accepted baseline came from: the run, its commit and machine, its seeds, and when it was accepted.</summary>
public sealed record BaselineOrigin(string RunId, string Profile, string Commit, string Os, int ProcessorCount, double? MatmulGflopsPerSecond,
    DateTime AcceptedUtc, IReadOnlyList<int>? Seeds = null, string? Cpu = null);

/// <summary>
/// results/baseline/: the snapshot files of one accepted run (no models), what `make gate` compares against, and under
/// seeds/seed-&lt;n&gt;/ the same profile's runs at other seeds, which tell the gate what a seed alone moves. Accepting is
/// explicit (`make baseline`), replaces the folder whole (built beside it, then swapped) and records its origin.
/// </summary>
public static class Baseline
{
    public const string OriginFile = "baseline.json";
    const string SeedsFolder = "seeds";

    /// <summary>The files a gate or report reads; models and done-markers stay behind.</summary>
    static readonly string[] Kept = [".json", ".csv", ".jsonl", ".yaml", ".sha256"];

    /// <param name="otherSeeds">Finished runs of the same profile at other seeds (may be empty).</param>
    public static BaselineOrigin Accept(string runFolder, IReadOnlyList<string> otherSeeds, string baselineFolder, DateTime utcNow)
    {
        var run = RunSnapshot.Load(runFolder);   // refuses a folder that is not a finished run
        var others = otherSeeds.Select(RunSnapshot.Load).ToList();
        foreach (var other in others)
        {
            if (other.Summary.Profile != run.Summary.Profile)
                throw new ConfigException(other.Path, "summary.json: profile", $"is '{other.Summary.Profile}', the baseline run's is '{run.Summary.Profile}'");
            string Versions(RunSnapshot r) => string.Join(", ", (r.Environment?.SuiteVersions ?? new Dictionary<string, int>()).OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"));
            if (Versions(other) != Versions(run))
                throw new ConfigException(other.Path, "environment.json: suite_versions", $"are '{Versions(other)}', the baseline run's '{Versions(run)}'");
            if (others.Count(o => o.Summary.Seed == other.Summary.Seed) > 1 || other.Summary.Seed == run.Summary.Seed)
                throw new ConfigException(other.Path, "summary.json: seed", $"{other.Summary.Seed} is already among the baseline's runs");
        }
        var environment = run.Environment;
        var origin = new BaselineOrigin(run.Summary.RunId, run.Summary.Profile, environment?.Commit ?? "unknown", environment?.Os ?? "unknown",
            environment?.ProcessorCount ?? 0, environment?.MatmulGflopsPerSecond, utcNow, [run.Summary.Seed, .. others.Select(o => o.Summary.Seed)], environment?.Cpu);
        AtomicFile.WriteFolder(baselineFolder, staging =>
        {
            CopySnapshot(run.Path, staging);
            foreach (var other in others) CopySnapshot(other.Path, Path.Combine(staging, SeedsFolder, $"seed-{other.Summary.Seed}"));
            AtomicFile.WriteAllText(Path.Combine(staging, OriginFile), JsonSerializer.Serialize(origin, SnapshotFormats.Json) + "\n");
        });
        return origin;
    }

    /// <summary>The baseline's runs at other seeds than its main run's, in seed order.</summary>
    public static IReadOnlyList<RunSnapshot> OtherSeeds(string baselineFolder)
    {
        string folder = Path.Combine(baselineFolder, SeedsFolder);
        return Directory.Exists(folder)
            ? [.. Directory.GetDirectories(folder).Select(RunSnapshot.Load).OrderBy(r => r.Summary.Seed)]
            : [];
    }

    static void CopySnapshot(string runFolder, string target)
    {
        foreach (string file in Directory.EnumerateFiles(runFolder, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(runFolder, file);
            if (relative.StartsWith(".done", StringComparison.Ordinal) || relative.StartsWith("methods", StringComparison.Ordinal)
                || relative.StartsWith(RunReport.PlotFolder, StringComparison.Ordinal) || !Kept.Contains(Path.GetExtension(file))) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
    }

    public static BaselineOrigin? Origin(string baselineFolder)
    {
        string path = Path.Combine(baselineFolder, OriginFile);
        return File.Exists(path) ? JsonSerializer.Deserialize<BaselineOrigin>(File.ReadAllText(path), SnapshotFormats.Json) : null;
    }
}
