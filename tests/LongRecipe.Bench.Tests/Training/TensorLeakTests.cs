using LongRecipe.Bench.Evaluation;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Tests.Model;
using LongRecipe.Bench.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Training;

/// <summary>Live tensors must not grow with the number of steps or requests (a leak costs ~80 MB per step at real sizes).</summary>
public sealed class TensorLeakTests
{
    static long Live => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    static List<TrainingBlock> Blocks(int count) =>
        Enumerable.Range(0, count).Select(i => new TrainingBlock(Enumerable.Range(0, 24).Select(t => 4 + (t * 7 + i) % 30).ToArray(),
            Enumerable.Range(0, 24).Select(t => (long)t).ToArray())).ToList();

    static long TensorsLeftBy(Action<Llama> work)
    {
        TorchRuntime.Configure(3);
        using var model = TorchRuntime.NewModel(LlamaTests.Small, 3, CPU);
        long before = Live;
        work(model);
        return Live - before;
    }

    [Fact]
    public void Training_leaves_no_tensors_behind_however_many_steps_it_runs()
    {
        long afterTwo = TensorsLeftBy(m => Trainer.Train(m, Blocks(8), new TrainingSettings { Steps = 2, BatchSize = 2 }));
        long afterTwelve = TensorsLeftBy(m => Trainer.Train(m, Blocks(8), new TrainingSettings { Steps = 12, BatchSize = 2, Accumulation = 2 }));
        Assert.Equal(0, afterTwo);
        Assert.Equal(0, afterTwelve);
    }

    [Fact]
    public void Evaluation_leaves_no_tensors_behind()
    {
        var prompts = Enumerable.Range(0, 6).Select(i => Enumerable.Range(0, 10 + i % 2).Select(t => 4 + (t + i) % 30).ToArray()).ToList();
        long left = TensorsLeftBy(m =>
        {
            var evaluator = new TorchEvaluator(m, 64);
            evaluator.Generate(prompts, 8, new HashSet<int>());
            evaluator.LogLikelihood(prompts.Select(p => (p, new[] { 5, 6 })).ToList());
            evaluator.MeanTokenLoss(prompts);
        });
        Assert.Equal(0, left);
    }
}
