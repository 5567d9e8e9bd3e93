using System.Diagnostics;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Training;

/// <summary>
/// The machine's attainable fp32 matmul rate, measured in the same process as the work it calibrates: benchmarks report
/// throughput as a fraction of it, and the regression gate compares wall times only after dividing this speed out.
/// </summary>
public static class MatmulRate
{
    /// <summary>GFLOP/s of the best of several trials of <paramref name="repeats"/> n×n products (a slow trial does not flatter ratios).</summary>
    public static double GflopsPerSecond(int n = 512, int repeats = 10, int trials = 5)
    {
        using var scope = NewDisposeScope();
        // Its own generator: calibrating must not move the global RNG that seeds models (runs and parallel tests rely on it).
        using var generator = new Generator(1);
        var a = randn(n, n, generator: generator);
        var b = randn(n, n, generator: generator);
        for (int i = 0; i < 3; i++) a.matmul(b).Dispose();
        double best = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < repeats; i++) a.matmul(b).Dispose();
            best = Math.Max(best, 2.0 * n * n * n * repeats / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }
}
