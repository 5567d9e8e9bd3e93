using System.Runtime.InteropServices;
using LongRecipe.Bench.Training;

namespace LongRecipe.Bench.Tests.Training;

/// <summary>The peak belongs to the stage: memory touched inside it counts, memory freed before it started does not.</summary>
public class ResourceMeterTests
{
    const long Big = 256L << 20, Small = 16L << 20;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Peak_counts_what_the_stage_touched_and_not_what_an_earlier_stage_freed(bool preferKernelMark)
    {
        if (!File.Exists("/proc/self/status")) return;   // the meter falls back to the process-wide peak off Linux
        var first = new ResourceMeter(preferKernelMark);
        long bigPeak = WhileHolding(Big, first.Stop);
        var second = new ResourceMeter(preferKernelMark);
        long smallPeak = WhileHolding(Small, second.Stop);

        Assert.True(bigPeak >= Big, $"a stage holding {Big >> 20} MiB peaked at {bigPeak >> 20} MiB");
        Assert.True(bigPeak - smallPeak > Big / 2, $"stage peaks {bigPeak >> 20} MiB then {smallPeak >> 20} MiB: the second still holds the first's");
    }

    /// <summary>
    /// Freed memory the C heap keeps (many 64 KiB blocks, below the mmap threshold, under one block still in use, so
    /// the heap's top cannot shrink) is not the next stage's: 256 MiB of such holes must not show in its peak.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Memory_an_earlier_stage_freed_into_the_heap_does_not_count(bool preferKernelMark)
    {
        if (!File.Exists("/proc/self/status")) return;
        const int block = 64 << 10;
        var blocks = Enumerable.Range(0, (int)(Big / block)).Select(_ => Marshal.AllocHGlobal(block)).ToList();
        IntPtr last = Marshal.AllocHGlobal(block);
        try
        {
            foreach (var b in blocks)
                for (int offset = 0; offset < block; offset += 4096) Marshal.WriteByte(b, offset, 1);
            long holding = ResourceMeter.CurrentRss();
            blocks.ForEach(Marshal.FreeHGlobal);
            var meter = new ResourceMeter(preferKernelMark);
            long peak = meter.Stop().PeakRssBytes;
            Assert.True(holding - peak > Big / 2, $"{holding >> 20} MiB while holding, a stage after freeing peaked at {peak >> 20} MiB");
        }
        finally { Marshal.FreeHGlobal(last); }
    }

    /// <summary>Allocates native memory (freed back to the OS, unlike the managed heap), touches every page, measures, frees.</summary>
    static long WhileHolding(long bytes, Func<ResourceUse> measure)
    {
        IntPtr block = Marshal.AllocHGlobal((IntPtr)bytes);
        try
        {
            for (int offset = 0; offset < bytes; offset += 4096) Marshal.WriteByte(block, offset, 1);
            return measure().PeakRssBytes;
        }
        finally { Marshal.FreeHGlobal(block); }
    }
}
