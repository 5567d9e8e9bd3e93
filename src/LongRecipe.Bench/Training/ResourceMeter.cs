using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LongRecipe.Bench.Training;

/// <summary>Wall time and peak resident memory of one stage.</summary>
public readonly record struct ResourceUse(double WallSeconds, long PeakRssBytes);

/// <summary>
/// Measures a stage's wall clock and peak RSS, so the peak belongs to the stage, not to the whole process.
/// On Linux the kernel's high-water mark is reset at the start (writing 5 to /proc/self/clear_refs) and read at the end.
/// Where that reset is refused or silently ignored (some containers and sandboxes), the high-water mark would still
/// hold pretraining's peak, so the meter samples the current RSS every few milliseconds instead. Either way the C heap
/// first gives its free pages back to the kernel (glibc's malloc_trim): memory an earlier stage freed but the
/// allocator kept (tensors of many sizes leave holes it does not return by itself) would otherwise count as this
/// stage's — a ci gate once read LongRecipe at 914 MiB, full-sequence's peak, against 637 in its baseline.
/// </summary>
public sealed class ResourceMeter : IDisposable
{
    const int SampleMilliseconds = 5;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly Thread? _sampler;
    volatile bool _stopped;
    long _sampledPeak;

    public ResourceMeter() : this(preferKernelMark: true) { }

    /// <summary>Tests pass false to exercise the sampling path on a machine where the reset works.</summary>
    internal ResourceMeter(bool preferKernelMark)
    {
        ReturnFreedHeapPages();
        if (preferKernelMark && ResetHighWaterMark()) return;
        _sampledPeak = CurrentRss();
        _sampler = new Thread(Sample) { IsBackground = true, Name = "rss-sampler" };
        _sampler.Start();
    }

    /// <summary>How the peak is measured on this machine: "kernel high-water mark" or "sampled" (found out once, at first use).</summary>
    public static string Method => MethodOnThisMachine.Value;

    static readonly Lazy<string> MethodOnThisMachine = new(() => ResetHighWaterMark() ? "kernel high-water mark" : $"sampled every {SampleMilliseconds} ms");

    public ResourceUse Stop()
    {
        double seconds = _clock.Elapsed.TotalSeconds;
        if (_sampler is null) return new(seconds, Status("VmHWM:") ?? Process.GetCurrentProcess().PeakWorkingSet64);
        Dispose();
        return new(seconds, Math.Max(Interlocked.Read(ref _sampledPeak), CurrentRss()));
    }

    /// <summary>Ends the sampling thread (a stage that throws must not leave it polling).</summary>
    public void Dispose()
    {
        _stopped = true;
        _sampler?.Join();
    }

    void Sample()
    {
        while (!_stopped)
        {
            long rss = CurrentRss();
            if (rss > Interlocked.Read(ref _sampledPeak)) Interlocked.Exchange(ref _sampledPeak, rss);
            Thread.Sleep(SampleMilliseconds);
        }
    }

    /// <summary>True when the reset took effect: right after it the high-water mark is no more than the current RSS (plus a page table's slack).</summary>
    static bool ResetHighWaterMark()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        return Status("VmHWM:") is { } peak && Status("VmRSS:") is { } rss && peak <= rss + (4L << 20);
    }

    /// <summary>glibc's malloc_trim(0): free pages of every arena back to the kernel. A no-op where there is no glibc.</summary>
    static void ReturnFreedHeapPages()
    {
        try { MallocTrim(0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int MallocTrim(nuint pad);

    /// <summary>Resident memory now.</summary>
    public static long CurrentRss() => Status("VmRSS:") ?? Process.GetCurrentProcess().WorkingSet64;

    static long? Status(string field) => LinuxProc.Bytes("/proc/self/status", field);
}
