using System.Text.Json.Serialization;

namespace LongRecipe.Bench.Training;

/// <summary>AdamW and its learning-rate schedule.</summary>
public sealed record OptimizerSettings
{
    public double LearningRate { get; init; } = 1e-3;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.95;
    public double Epsilon { get; init; } = 1e-8;
    public double WeightDecay { get; init; } = 0.1;
    /// <summary>Global gradient-norm clip; 0 disables it.</summary>
    public double ClipNorm { get; init; } = 1.0;
    public int WarmupSteps { get; init; }
    /// <summary>constant or cosine (decays to <see cref="MinLearningRateFraction"/> × peak at the last step).</summary>
    public string Schedule { get; init; } = "constant";
    public double MinLearningRateFraction { get; init; } = 0.1;
}

/// <summary>How long and how wide one training run is. Every source of randomness derives from <see cref="Seed"/>.</summary>
public sealed record TrainingSettings
{
    public int Steps { get; init; } = 100;
    public int BatchSize { get; init; } = 8;
    /// <summary>Micro-batches summed into one optimizer step.</summary>
    public int Accumulation { get; init; } = 1;
    public int Seed { get; init; } = 1234;
    public OptimizerSettings Optimizer { get; init; } = new();
    /// <summary>Recompute each decoder layer in the backward pass instead of keeping its activations (<see cref="Model.Llama.GradientCheckpointing"/>).</summary>
    /// <remarks>Left out of the serialized settings when off, so base-model cache keys made before it existed still match.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool GradientCheckpointing { get; init; }
    /// <summary>Mixed precision: "bf16" runs the projections in bfloat16 over float32 weights (<see cref="Model.Autocast"/>); null or "none": off.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? Autocast { get; init; }

    public int BlocksPerStep => BatchSize * Accumulation;
}
