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

    /// <summary>The CPU's model name and widest vector extension ("AMD EPYC, avx512"), from /proc/cpuinfo; null off Linux.</summary>
    static string? CpuDescription()
    {
        if (!File.Exists("/proc/cpuinfo")) return null;
        string? model = null, flags = null;
        foreach (string line in File.ReadLines("/proc/cpuinfo"))
        {
            string value = line[(line.IndexOf(':') + 1)..].Trim();
            if (model is null && line.StartsWith("model name", StringComparison.Ordinal)) model = value;
            else if (flags is null && line.StartsWith("flags", StringComparison.Ordinal)) flags = " " + value + " ";
            if (model is not null && flags is not null) break;
        }
        string? vector = new[] { "avx512f", "avx2", "avx", "asimd" }.FirstOrDefault(f => flags?.Contains($" {f} ", StringComparison.Ordinal) == true);
        return model is null ? null : vector is null ? model : $"{model}, {vector}";
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
