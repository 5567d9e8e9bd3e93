using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Tests.Model;
using LongRecipe.Bench.Training;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Training;

public sealed class TrainerTests
{
    /// <summary>Sequences of a repeated random motif: learnable only by looking back, so the loss can fall far.</summary>
    static List<TrainingBlock> MotifBlocks(int count, int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var motif = Enumerable.Range(0, 6).Select(_ => random.Next(4, 40)).ToArray();
            var tokens = Enumerable.Range(0, length).Select(i => motif[i % motif.Length]).ToArray();
            return new TrainingBlock(tokens, Enumerable.Range(0, length).Select(i => (long)i).ToArray());
        }).ToList();
    }

    static (List<StepMetrics> History, Llama Model) Run(int seed, int steps, IReadOnlyList<TrainingBlock> blocks)
    {
        TorchRuntime.Configure(seed);
        var model = TorchRuntime.NewModel(LlamaTests.Small, seed, CPU);
        var settings = new TrainingSettings { Steps = steps, BatchSize = 4, Accumulation = 2, Seed = seed,
            Optimizer = new OptimizerSettings { LearningRate = 3e-3, WarmupSteps = 3, Schedule = "cosine" } };
        return (Trainer.Train(model, blocks, settings), model);
    }

    [Fact]
    public void Loss_falls_on_a_short_run()
    {
        var (history, model) = Run(11, 200, MotifBlocks(64, 32, 3));
        using (model)
        {
            Assert.True(history[^1].Loss < 0.5 * history[0].Loss, $"loss {history[0].Loss} → {history[^1].Loss}");
            Assert.All(history, m => Assert.Equal(4 * 2 * 32, m.Tokens));
            Assert.All(history, m => Assert.True(m.Flops > 0 && m.WallSeconds > 0));
        }
    }

    [Fact]
    public void Two_runs_with_one_seed_are_bit_identical()
    {
        var blocks = MotifBlocks(32, 24, 5);
        var (first, a) = Run(21, 6, blocks);
        var (second, b) = Run(21, 6, blocks);
        using (a) using (b)
        {
            Assert.Equal(first.Select(m => m.Loss), second.Select(m => m.Loss));
            foreach (var ((name, p), (_, q)) in a.named_parameters().Zip(b.named_parameters()))
                Assert.True(p.data<float>().ToArray().SequenceEqual(q.data<float>().ToArray()), name);
        }
        var (other, c) = Run(22, 6, blocks);
        using (c) Assert.NotEqual(first.Select(m => m.Loss), other.Select(m => m.Loss));
    }

    [Fact]
    public void Nan_loss_stops_training_with_a_clear_error()
    {
        var blocks = MotifBlocks(8, 16, 1);
        TorchRuntime.Configure(3);
        using var model = TorchRuntime.NewModel(LlamaTests.Small, 3, CPU);
        using (no_grad()) model.parameters().First().fill_(float.NaN);
        var error = Assert.Throws<TrainingDivergedException>(() => Trainer.Train(model, blocks, new TrainingSettings { Steps = 2, BatchSize = 2 }));
        Assert.Contains("step 0", error.Message);
    }

    [Fact]
    public void Loss_weights_must_match_the_tokens_and_be_on_every_block_of_a_batch_or_none()
    {
        var blocks = MotifBlocks(2, 8, 1);
        Assert.Throws<ArgumentException>(() => blocks[0] with { LossWeights = new float[7] });
        var weighted = blocks[0] with { LossWeights = Enumerable.Repeat(2f, 8).ToArray() };
        Assert.Throws<ArgumentException>(() => Trainer.ToTensors([weighted, blocks[1]], CPU));
        using var scope = NewDisposeScope();
        var (_, _, weights) = Trainer.ToTensors([weighted, weighted], CPU);
        Assert.Equal([2, 8], weights!.shape);
        Assert.Null(Trainer.ToTensors(blocks, CPU).Weights);
    }

    [Theory]
    [InlineData("constant", 10, 1e-3)]
    [InlineData("cosine", 99, 1e-4)]
    public void Learning_rate_schedule_warms_up_then_follows_its_shape(string schedule, int step, double expected)
    {
        var o = new OptimizerSettings { LearningRate = 1e-3, WarmupSteps = 4, Schedule = schedule, MinLearningRateFraction = 0.1 };
        Assert.Equal(0.25e-3, LearningRateSchedule.At(0, 100, o), 12);
        Assert.Equal(expected, LearningRateSchedule.At(step, 100, o), 9);
    }

    [Fact]
    public void A_training_killed_after_a_step_checkpoint_trains_on_from_it_to_the_same_weights()
    {
        using var folder = new TempFolder();
        var blocks = MotifBlocks(32, 16, 5);
        var settings = new TrainingSettings { Steps = 9, BatchSize = 2, Accumulation = 2, Seed = 4,
            Optimizer = new OptimizerSettings { LearningRate = 3e-3, WarmupSteps = 2, Schedule = "cosine" } };
        TorchRuntime.Configure(4);
        using var whole = TorchRuntime.NewModel(LlamaTests.Small, 4, CPU);
        var wholeHistory = Trainer.Train(whole, blocks, settings);

        var checkpoints = new StepCheckpointFolder(folder.File("steps"), every: 4);
        using (var killed = TorchRuntime.NewModel(LlamaTests.Small, 4, CPU))
            Assert.Throws<OperationCanceledException>(() => Trainer.Train(killed, blocks, settings,
                step => { if (step.Step == 6) throw new OperationCanceledException("killed"); }, checkpoints));
        // A fresh process: a model of another initialisation, which the checkpoint overwrites (weights and AdamW moments).
        using var resumed = TorchRuntime.NewModel(LlamaTests.Small, 77, CPU);
        var trained = new List<int>();
        var history = Trainer.Train(resumed, blocks, settings, step => trained.Add(step.Step), checkpoints);

        Assert.Equal([4, 5, 6, 7, 8], trained);   // kept after 4 steps; the kill came in the 7th
        Assert.Equal(wholeHistory.Select(h => (h.Step, h.Loss, h.Tokens)), history.Select(h => (h.Step, h.Loss, h.Tokens)));
        foreach (var ((name, a), (_, b)) in whole.named_parameters().Zip(resumed.named_parameters()))
            Assert.True(a.bytes.ToArray().SequenceEqual(b.bytes.ToArray()), name);
    }

    [Fact]
    public void An_unreadable_step_checkpoint_is_deleted_and_named_in_one_line()
    {
        using var folder = new TempFolder();
        var settings = new TrainingSettings { Steps = 5, BatchSize = 2, Seed = 4 };
        var checkpoints = new StepCheckpointFolder(folder.File("steps"), every: 2);
        using (var model = TorchRuntime.NewModel(LlamaTests.Small, 4, CPU))
            Assert.Throws<OperationCanceledException>(() =>
                Trainer.Train(model, MotifBlocks(8, 16, 5), settings, step => { if (step.Step == 3) throw new OperationCanceledException(); }, checkpoints));
        File.WriteAllBytes(folder.File("steps/weights.dat"), [1, 2, 3]);

        using var again = TorchRuntime.NewModel(LlamaTests.Small, 4, CPU);
        var error = Assert.Throws<CheckpointException>(() => Trainer.Train(again, MotifBlocks(8, 16, 5), settings, null, checkpoints));

        Assert.StartsWith(folder.File("steps") + ": step checkpoint: unreadable", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Directory.Exists(folder.File("steps")));
    }
}
