using System.Diagnostics;
using LongRecipe.Bench.Evaluation;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Perf;

public sealed record SuiteThroughput(int Tasks, IReadOnlyList<int> Lengths, int SamplesPerLength, int Prompts, long PromptTokens, double Seconds)
{
    public double PromptsPerSecond => Prompts / Seconds;
}

/// <summary>
/// Wall time of the whole RULER suite (every task × length × sample) on one model, with an untrained model so that no
/// early stop helps: every sample decodes its full generation budget, the worst case.
/// </summary>
public static class SuiteBenchmark
{
    public static SuiteThroughput Ruler(string rulerYaml, LlamaConfig shape, int seed = 1)
    {
        var config = RulerSuiteLoader.Load(rulerYaml);
        var tokenizer = new WordTokenizer();
        var device = TorchRuntime.Configure(seed);
        using var model = TorchRuntime.NewModel(shape, seed, device);
        var evaluator = new TorchEvaluator(model, config.Lengths.Max());
        var clock = Stopwatch.StartNew();
        var result = new RulerSuiteRunner(config, evaluator, tokenizer).Run();
        return new SuiteThroughput(config.Tasks.Count, config.Lengths, config.Samples, result.Records.Count,
            result.Records.Sum(r => (long)r.PromptTokens), clock.Elapsed.TotalSeconds);
    }
}
