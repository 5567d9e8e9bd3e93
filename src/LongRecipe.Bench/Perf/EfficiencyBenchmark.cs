using System.Diagnostics;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Training;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Perf;

/// <summary>One training shape's speed, and its peak memory growth over the loaded model beside <see cref="MemoryPlan"/>'s estimate of it.</summary>
public sealed record TrainingThroughput(int BatchSize, int SequenceLength, double MillisecondsPerStep, double TokensPerSecond, double GflopsPerSecond,
    double FractionOfMatmul, long MeasuredGrowthBytes = 0, double PlannedGrowthBytes = 0, bool GradientCheckpointing = false, string? Autocast = null);

public sealed record DecodeThroughput(int PromptLength, double CachedTokensPerSecond, double RecomputeTokensPerSecond)
{
    public double Speedup => CachedTokensPerSecond / RecomputeTokensPerSecond;
}

public sealed record EfficiencyReport(double MatmulGflopsPerSecond, IReadOnlyList<TrainingThroughput> Training, DecodeThroughput Decode, long Parameters);

/// <summary>
/// Measures training and decoding efficiency against the matmul rate measured in the same run, so the ratios
/// mean the same on any machine. Not a test: it asserts nothing, it reports.
/// </summary>
public static class EfficiencyBenchmark
{
    /// <summary>The 3.3M-parameter probe the machine notes were measured with.</summary>
    public static readonly LlamaConfig Probe = new()
    {
        VocabSize = 256, HiddenSize = 256, IntermediateSize = 704, NumLayers = 4, NumHeads = 4, NumKeyValueHeads = 4, MaxPositionEmbeddings = 1024,
    };

    public static EfficiencyReport Run(int seed = 1, int measuredSteps = 5, Action<string>? progress = null)
    {
        var device = TorchRuntime.Configure(seed);
        double matmul = MatmulRate.GflopsPerSecond(1024);
        progress?.Invoke($"matmul {matmul:F0} GFLOP/s");
        var training = new List<TrainingThroughput>();
        // Equal tokens per step at three lengths (attention's share grows), then four times the tokens (memory scales),
        // then that again with gradient checkpointing (memory falls, compute rises), and under bf16 autocast.
        foreach (var (batch, length, checkpointing, autocast) in new[] { (8, 128, false, null), (2, 512, false, null), (1, 1024, false, null),
                     (1, 4096, false, null), (1, 4096, true, null), (1, 4096, false, "bf16"), (1, 4096, true, "bf16") })
        {
            var row = Train(batch, length, measuredSteps, seed, device, matmul, checkpointing, autocast);
            progress?.Invoke($"train {batch}×{length}{(checkpointing ? " checkpointed" : "")}{(autocast is null ? "" : " " + autocast)}: {row.GflopsPerSecond:F0} GFLOP/s");
            training.Add(row);
        }
        using var model = TorchRuntime.NewModel(Probe, seed, device);
        var decode = Decode(model, 1024, device);
        return new EfficiencyReport(matmul, training, decode, model.ParameterCount());
    }

    static TrainingThroughput Train(int batch, int length, int steps, int seed, Device device, double matmul, bool checkpointing, string? autocast)
    {
        using var model = TorchRuntime.NewModel(Probe, seed, device);
        var random = new Random(seed);
        var blocks = Enumerable.Range(0, batch * (steps + 2)).Select(_ =>
            new TrainingBlock(Enumerable.Range(0, length).Select(_ => random.Next(Probe.VocabSize)).ToArray(),
                Enumerable.Range(0, length).Select(i => (long)i).ToArray())).ToList();
        var settings = new TrainingSettings { Steps = steps + 2, BatchSize = batch, Seed = seed, GradientCheckpointing = checkpointing, Autocast = autocast };
        using var meter = new ResourceMeter();   // first: it hands the heap's free pages back, so "before" is live memory
        long before = ResourceMeter.CurrentRss();
        var measured = Trainer.Train(model, blocks, settings).Skip(2).ToList();   // the first steps pay one-off allocation costs
        long growth = meter.Stop().PeakRssBytes - before;
        var plan = MemoryPlan.Estimate(new MemoryPlanInput(Probe, length, batch, GradientCheckpointing: checkpointing, ComputeBytes: Autocast.ComputeBytes(autocast)));
        double planned = MemoryPlan.Total(plan) - plan.Single(p => p.Part == "weights").Bytes;   // the weights were resident before
        // The median step: one step disturbed by another process must not move the figure.
        double seconds = measured.Select(m => m.WallSeconds).Order().ElementAt(measured.Count / 2);
        double gflops = measured[0].Flops / seconds / 1e9;
        return new TrainingThroughput(batch, length, 1000 * seconds, measured[0].Tokens / seconds, gflops, gflops / matmul, growth, planned, checkpointing, autocast);
    }

    static DecodeThroughput Decode(Llama model, int promptLength, Device device)
    {
        using var scope = NewDisposeScope();
        var prompt = randint(0, Probe.VocabSize, [1, promptLength], dtype: ScalarType.Int64, device: device);
        var none = new HashSet<int>();
        Generation.Greedy(model, prompt, 4, none);   // warm-up
        double Seconds(int tokens, bool cache)
        {
            var clock = Stopwatch.StartNew();
            Generation.Greedy(model, prompt, tokens, none, cache);
            return clock.Elapsed.TotalSeconds;
        }
        // Decode rate only: the time for one token (the prefill) is taken off both.
        double Rate(int tokens, bool cache) => (tokens - 1) / (Seconds(tokens, cache) - Seconds(1, cache));
        return new DecodeThroughput(promptLength, Rate(65, cache: true), Rate(17, cache: false));
    }
}
