using System.Security.Cryptography;
using System.Text;
using LongRecipe.Bench.Results;
using LongRecipe.Bench.Suites.Ruler;

namespace LongRecipe.Bench.Runs;

/// <summary>
/// A run folder belongs to one configuration: the texts of the profile, its method files, its suite files and the essay a
/// suite names. Resuming a
/// run id after any of them (or the seed) changed would mix old models and scores with new ones, so it is refused. An `evaluate` run
/// also belongs to its checkpoints, and a run from a checkpoint base to that base and its data files: their config,
/// tokenizer, weight and text files (hashed by content).
/// </summary>
public static class RunIdentity
{
    const string FileName = "identity.sha256";

    public static void Claim(RunFolder run, string profileFile, Profile profile, IEnumerable<string>? checkpointFolders = null)
    {
        string identity = Of(profileFile, profile, checkpointFolders ?? []);
        string path = run.FilePath(FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() != identity)
            throw new ConfigException(profileFile, "run_id",
                $"run '{run.RunId}' was made with a different profile, method or suite file or seed; resume it unchanged or start a new run id");
        AtomicFile.WriteAllText(path, identity + "\n");
    }

    static string Of(string profileFile, Profile profile, IEnumerable<string> checkpointFolders)
    {
        var files = new List<string> { Path.GetFullPath(profileFile) };
        files.AddRange(profile.Methods.Select(m => profile.MethodPath(profileFile, m)));
        files.AddRange(new[] { profile.Suites.Ruler, profile.Suites.General }.OfType<string>().Select(s => profile.ResolvePath(profileFile, s)));
        if (profile.Suites.Ruler is { } ruler && RulerSuiteLoader.Load(profile.ResolvePath(profileFile, ruler)).EssayFile is { } essay) files.Add(essay);
        var text = new StringBuilder();
        foreach (var file in files) text.Append(Path.GetFileName(file)).Append('\0').Append(File.ReadAllText(file)).Append('\0');
        text.Append("seed\0").Append(profile.Seed).Append('\0');   // `bench --seed` replaces the profile's
        var hashed = new List<string>();
        foreach (string folder in checkpointFolders.Concat(profile.Base.Checkpoint is { } own ? [profile.ResolvePath(profileFile, own)] : []))
            hashed.AddRange(Directory.GetFiles(folder).Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".safetensors", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal));
        if (profile.Data is { } data)
            hashed.AddRange(data.Train.Append(data.Replay).Append(data.Heldout).OfType<string>().Select(f => profile.ResolvePath(profileFile, f)));
        foreach (string file in hashed)
        {
            using var stream = File.OpenRead(file);
            text.Append(Path.GetFileName(file)).Append('\0').Append(Convert.ToHexString(SHA256.HashData(stream))).Append('\0');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }
}
