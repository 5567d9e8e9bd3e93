using LongRecipe.Bench.Evaluation;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Training;

namespace LongRecipe.Bench.Perf;

/// <summary>Resident memory of a long loop: after warm-up, at its highest afterwards, and at the end.</summary>
public sealed record SoakResult(string Loop, int Iterations, int WarmUp, long RssAfterWarmUp, long PeakAfterWarmUp, long RssAtEnd)
{
    /// <summary>How far resident memory rose after warm-up, as a fraction of it (0.05 = 5%).</summary>
    public double Growth => (double)(PeakAfterWarmUp - RssAfterWarmUp) / RssAfterWarmUp;
}

/// <summary>
/// Long runs stay flat: many training steps and many generations on the probe model, resident memory read after each
/// (a leaked tensor per step would show as steady growth). Run with a fixed glibc mmap threshold (make soak), else freed
/// tensors stay resident in the allocator and the figure means nothing. Not a test: it reports.
/// </summary>
public static class SoakBenchmark
{
    public static IReadOnlyList<SoakResult> Run(int steps = 1000, int generations = 1000, int seed = 1, Action<string>? progress = null)
    {
        var device = TorchRuntime.Configure(seed);
        using var model = TorchRuntime.NewModel(EfficiencyBenchmark.Probe, seed, device);
        var random = new Random(seed);
        const int batch = 2, length = 64;
        var blocks = Enumerable.Range(0, 64).Select(_ => new TrainingBlock(
            Enumerable.Range(0, length).Select(_ => random.Next(EfficiencyBenchmark.Probe.VocabSize)).ToArray(),
            Enumerable.Range(0, length).Select(i => (long)i).ToArray())).ToList();
        List<long> Train(TrainingSettings settings, string name)
        {
            var rss = new List<long>(steps);
            Trainer.Train(model, blocks, settings, step =>
            {
                rss.Add(ResourceMeter.CurrentRss());
                if ((step.Step + 1) % 200 == 0) progress?.Invoke($"{name} step {step.Step + 1}: RSS {rss[^1] >> 20} MiB");
            });
            return rss;
        }
        var plain = new TrainingSettings { Steps = steps, BatchSize = batch, Seed = seed };
        var training = Train(plain, "train");
        // The checkpointed backward pass and autocast keep tensors in their own scopes and across calls: a leak shows here.
        var checkpointed = Train(plain with { GradientCheckpointing = true, Autocast = "bf16" }, "train checkpointed bf16");

        var evaluator = new TorchEvaluator(model, 96);
        var prompt = new[] { Enumerable.Range(0, 48).Select(_ => random.Next(EfficiencyBenchmark.Probe.VocabSize)).ToArray() };
        var generation = new List<long>(generations);
        for (int i = 0; i < generations; i++)
        {
            evaluator.Generate(prompt, 16, new HashSet<int>());
            generation.Add(ResourceMeter.CurrentRss());
            if ((i + 1) % 200 == 0) progress?.Invoke($"generation {i + 1}: RSS {generation[^1] >> 20} MiB");
        }
        return [Summarise("training steps (2 × 64 tokens)", training), Summarise("checkpointed bf16 autocast training steps", checkpointed),
            Summarise("generations (48-token prompt, 16 new tokens)", generation)];
    }

    /// <summary>The first tenth of a loop is its warm-up (allocator pools, kernel caches).</summary>
    static SoakResult Summarise(string loop, List<long> rss)
    {
        int warmUp = Math.Max(1, rss.Count / 10);
        return new SoakResult(loop, rss.Count, warmUp, rss[warmUp - 1], rss.Skip(warmUp).DefaultIfEmpty(rss[warmUp - 1]).Max(), rss[^1]);
    }
}
