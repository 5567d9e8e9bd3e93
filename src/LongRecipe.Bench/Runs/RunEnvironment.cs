using System.Diagnostics;
using System.Runtime.InteropServices;
using LongRecipe.Bench.Training;

namespace LongRecipe.Bench.Runs;

/// <summary>
/// environment.json: where and with what a run ran — the commit, the versions (suites' included), the machine and its CPU,
/// the device, how peak memory is measured, and the matmul rate measured in the run, at its start and again at its end, the
/// better kept (the unit the gate divides wall times by, so a slower machine is not a regression). The CPU is recorded
/// because bit-identical reruns hold on one CPU only: another instruction set rounds the kernels' sums differently.
/// </summary>
public sealed record RunEnvironment(string Commit, string Dotnet, string TorchSharp, string Os, int ProcessorCount, int Threads,
    double MatmulGflopsPerSecond, string Device = "cpu", IReadOnlyDictionary<string, int>? SuiteVersions = null, string? PeakRssMeasure = null,
    string? Cpu = null)
{
    public const string FileName = "environment.json";

    public static RunEnvironment Measure(int threads, string device, IReadOnlyDictionary<string, int> suiteVersions) => new(GitCommit(),
        Environment.Version.ToString(), typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        RuntimeInformation.OSDescription, Environment.ProcessorCount, threads, MatmulRate.GflopsPerSecond(), device, suiteVersions,
        ResourceMeter.Method, CpuDescription());

    /// <summary>
    /// The CPU's model name and widest vector extension ("AMD EPYC, avx512f"), from /proc/cpuinfo (x86's "model name" and
    /// "flags", or ARM's "Hardware"/"CPU part" and "Features"); null off Linux.
    /// </summary>
    static string? CpuDescription()
    {
        if (!File.Exists("/proc/cpuinfo")) return null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines("/proc/cpuinfo"))
            if (line.IndexOf(':') is > 0 and var colon) fields.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        string? model = new[] { "model name", "Hardware", "CPU part" }.Select(fields.GetValueOrDefault).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        string flags = " " + (fields.GetValueOrDefault("flags") ?? fields.GetValueOrDefault("Features") ?? "") + " ";
        string? vector = new[] { "avx512f", "avx2", "avx", "sve2", "sve", "asimd" }.FirstOrDefault(f => flags.Contains($" {f} ", StringComparison.Ordinal));
        return model is null ? vector : vector is null ? model : $"{model}, {vector}";
    }

    /// <summary>HEAD of the checkout the run started in, "+dirty" when files differ from it; "unknown" outside git.</summary>
    static string GitCommit()
    {
        string? Git(string arguments)
        {
            try
            {
                using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
                if (git is null) return null;
                string output = git.StandardOutput.ReadToEnd().Trim();
                git.WaitForExit();
                return git.ExitCode == 0 ? output : null;
            }
            catch (System.ComponentModel.Win32Exception) { return null; }   // no git installed
        }
        return Git("rev-parse HEAD") is { Length: > 0 } head ? head + (Git("status --porcelain --untracked-files=no") is { Length: > 0 } ? "+dirty" : "") : "unknown";
    }
}
