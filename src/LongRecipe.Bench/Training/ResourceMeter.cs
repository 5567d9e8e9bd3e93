using System.Diagnostics;

namespace LongRecipe.Bench.Training;

/// <summary>Wall time and peak resident memory of one stage.</summary>
public readonly record struct ResourceUse(double WallSeconds, long PeakRssBytes);

/// <summary>
/// Measures a stage's wall clock and peak RSS. On Linux the kernel's high-water mark is reset at the start
/// (writing 5 to /proc/self/clear_refs), so the peak belongs to the stage, not to the whole process.
/// </summary>
public sealed class ResourceMeter
{
    readonly Stopwatch _clock = Stopwatch.StartNew();

    public ResourceMeter() => ResetPeak();

    public ResourceUse Stop() => new(_clock.Elapsed.TotalSeconds, PeakRss());

    static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* not Linux, or not allowed: peak is process-wide */ }
    }

    static long PeakRss()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
            foreach (var line in File.ReadLines(status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
