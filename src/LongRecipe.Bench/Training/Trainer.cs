using System.Diagnostics;
using LongRecipe.Bench.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Training;

/// <summary>What one optimizer step did.</summary>
public sealed record StepMetrics(int Step, double Loss, long Tokens, int SequenceLength, double LearningRate, double GradientNorm,
    double WallSeconds, double Flops);

/// <summary>The loss became NaN or infinite: training stops with the step that did it (and, once known, the method and stage).</summary>
public sealed class TrainingDivergedException(int step, double loss, string? where = null)
    : Exception($"{(where is null ? "" : where + ": ")}training diverged at step {step}: loss is {loss.ToString(System.Globalization.CultureInfo.InvariantCulture)}" +
                (where is null ? "" : "; nothing of it was saved, the run resumes from its last finished method"))
{
    public int Step { get; } = step;
    public double Loss { get; } = loss;
}

/// <summary>Where a long job is: a named stage at step <see cref="Step"/> of <see cref="Steps"/>, with its latest loss (NaN where none).</summary>
public readonly record struct StepProgress(string Stage, int Step, int Steps, double Loss);

/// <summary>
/// Where a long training keeps its state every <see cref="Every"/> steps — weights, optimizer moments, the steps so far —
/// so a killed run trains on from the last kept step and ends with the weights an uninterrupted run ends with.
/// </summary>
public interface IStepCheckpoints
{
    int Every { get; }
    /// <summary>Loads the last kept state into the model and optimizer and returns the steps it covers; null: start afresh.</summary>
    List<StepMetrics>? Restore(Llama model, OptimizerHelper optimizer);
    void Save(Llama model, OptimizerHelper optimizer, IReadOnlyList<StepMetrics> history);
}

/// <summary>
/// Trains a model on (tokens, position ids) blocks. It knows nothing of LongRecipe, PoSE or full-sequence training:
/// a method is just the blocks it hands over and the settings it asks for.
/// </summary>
public static class Trainer
{
    public static List<StepMetrics> Train(Llama model, IReadOnlyList<TrainingBlock> blocks, TrainingSettings settings,
        Action<StepMetrics>? onStep = null, IStepCheckpoints? checkpoints = null)
    {
        if (blocks.Count == 0) throw new ArgumentException("no training blocks");
        return Train(model, MicroBatches(blocks, settings), settings, onStep, checkpoints);
    }

    /// <summary>
    /// The micro-batches training consumes, in order: <see cref="TrainingSettings.BatchSize"/> blocks at a time, drawn by
    /// the seeded order, steps × accumulation of them. `export` writes exactly these for an external trainer.
    /// </summary>
    public static IEnumerable<TrainingBlock[]> MicroBatches(IReadOnlyList<TrainingBlock> blocks, TrainingSettings settings)
    {
        var order = new BlockOrder(blocks.Count, settings.Seed);
        for (int i = 0; i < settings.Steps * settings.Accumulation; i++)
            yield return [.. Enumerable.Range(0, settings.BatchSize).Select(_ => blocks[order.Next()])];
    }

    /// <summary>Trains on micro-batches in the order given (<see cref="TrainingSettings.Accumulation"/> of them per optimizer step).</summary>
    public static List<StepMetrics> Train(Llama model, IEnumerable<TrainingBlock[]> microBatches, TrainingSettings settings,
        Action<StepMetrics>? onStep = null, IStepCheckpoints? checkpoints = null)
    {
        using var batches = microBatches.GetEnumerator();
        var device = model.parameters().First().device;
        long matmulParameters = model.MatmulParameterCount();
        var o = settings.Optimizer;
        using var optimizer = optim.AdamW(model.parameters(), o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay);
        model.train();
        model.GradientCheckpointing = settings.GradientCheckpointing;
        var precision = Autocast.DType(settings.Autocast);
        var history = checkpoints?.Restore(model, optimizer) ?? new List<StepMetrics>(settings.Steps);
        for (int skipped = 0; skipped < history.Count * settings.Accumulation; skipped++) batches.MoveNext();   // the order is seeded
        for (int step = history.Count; step < settings.Steps; step++)
        {
            var clock = Stopwatch.StartNew();
            double learningRate = LearningRateSchedule.At(step, settings.Steps, o);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;

            double loss = 0, flops = 0;
            long tokens = 0;
            int sequenceLength = 0;
            using (NewDisposeScope())
            {
                optimizer.zero_grad();
                for (int micro = 0; micro < settings.Accumulation; micro++)
                {
                    var batch = batches.MoveNext() ? batches.Current : throw new ArgumentException($"fewer micro-batches than {settings.Steps} steps × {settings.Accumulation}");
                    var (input, positions, weights) = ToTensors(batch, device);
                    using var microLoss = Forward(model, input, positions, weights, precision);
                    using var share = (1.0 / settings.Accumulation).ToScalar();   // held until the op returns (see RmsNorm)
                    using var scaled = microLoss * share;
                    scaled.backward();
                    loss += microLoss.item<float>() / settings.Accumulation;
                    sequenceLength = batch[0].Tokens.Length;
                    tokens += batch.Sum(b => (long)b.Tokens.Length);
                    flops += batch.Length * Flops.Training(model.Config, matmulParameters, sequenceLength);
                }
                if (!double.IsFinite(loss)) throw new TrainingDivergedException(step, loss);
                double norm = o.ClipNorm > 0 ? nn.utils.clip_grad_norm_(model.parameters(), o.ClipNorm) : double.NaN;
                optimizer.step();
                var metrics = new StepMetrics(step, loss, tokens, sequenceLength, learningRate, norm, clock.Elapsed.TotalSeconds, flops);
                history.Add(metrics);
                onStep?.Invoke(metrics);
            }
            if (checkpoints is not null && (step + 1) % checkpoints.Every == 0 && step + 1 < settings.Steps) checkpoints.Save(model, optimizer, history);
        }
        model.eval();
        return history;
    }

    static Tensor Forward(Llama model, Tensor input, Tensor positions, Tensor? weights, ScalarType? precision)
    {
        using (Autocast.Region(precision)) return model.Loss(input, positions, weights);
    }

    /// <summary>Stacks equal-length blocks into (batch, T) token, position and (when the blocks carry them) loss-weight tensors.</summary>
    public static (Tensor Tokens, Tensor Positions, Tensor? Weights) ToTensors(IReadOnlyList<TrainingBlock> batch, Device device)
    {
        int length = batch[0].Tokens.Length;
        if (batch.Any(b => b.Tokens.Length != length || b.PositionIds.Length != length))
            throw new ArgumentException("every block in a batch must have the same length, with one position id per token");
        bool weighted = batch[0].LossWeights is not null;
        if (batch.Any(b => (b.LossWeights is not null) != weighted))
            throw new ArgumentException("either every block in a batch carries loss weights or none does");
        var tokens = batch.SelectMany(b => b.Tokens.Select(t => (long)t)).ToArray();
        var positions = batch.SelectMany(b => b.PositionIds).ToArray();
        var weights = weighted ? tensor(batch.SelectMany(b => b.LossWeights!).ToArray(), [batch.Count, length]).to(device) : null;
        return (tensor(tokens, [batch.Count, length]).to(device), tensor(positions, [batch.Count, length]).to(device), weights);
    }

    /// <summary>Seeded shuffled passes over the blocks; a new permutation each epoch.</summary>
    sealed class BlockOrder(int count, int seed)
    {
        readonly Random _random = new(seed);
        int[] _permutation = [];
        int _cursor;

        public int Next()
        {
            if (_cursor == _permutation.Length)
            {
                _permutation = Enumerable.Range(0, count).ToArray();
                _random.Shuffle(_permutation);
                _cursor = 0;
            }
            return _permutation[_cursor++];
        }
    }
}
