namespace LongRecipe.Bench.Recipe;

// The YAML shape of a method file, bound by YamlDotNet with underscored names (GradAccumulation ↔ grad_accumulation).
// Everything is nullable so the loader can tell "absent" from "given" and report each problem with its field.

/// <summary>Settings that may sit at the method level and be overridden per training stage.</summary>
internal abstract class SettingsYaml
{
    public int? TargetLength { get; set; }
    public int? TrainingLength { get; set; }
    public double? TrainingFraction { get; set; }
    public int? BatchSize { get; set; }
    public int? GradAccumulation { get; set; }
    public int? Seed { get; set; }
    public bool? GradientCheckpointing { get; set; }
    public string? Autocast { get; set; }
    public OptimizerYaml? Optimizer { get; set; }
}

internal sealed class MethodYaml : SettingsYaml
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public List<StageYaml>? Stages { get; set; }
}

/// <summary>A list entry holding exactly one stage kind.</summary>
internal sealed class StageYaml
{
    public TrainYaml? Train { get; set; }
    public MergeYaml? Merge { get; set; }
    public RopeScaleYaml? RopeScale { get; set; }
}

internal sealed class TrainYaml : SettingsYaml
{
    public SelectYaml? Select { get; set; }
    public PositionsYaml? Positions { get; set; }
    public double? Lr { get; set; }
    public int? Steps { get; set; }
    public string? LrSchedule { get; set; }
    public int? WarmupSteps { get; set; }
    public double? ReplayRatio { get; set; }
}

internal sealed class SelectYaml
{
    public string? Kind { get; set; }
    public double? TopFraction { get; set; }
    public double? Ratio { get; set; }
    public double? KeepProbability { get; set; }
    public bool? TruncateToTrainingLength { get; set; }
    public string? Reference { get; set; }
    public string? Contrast { get; set; }
    public int? Upsample { get; set; }
}

internal sealed class PositionsYaml
{
    public string? Kind { get; set; }
    public string? Variant { get; set; }
    public int? BaseWindow { get; set; }
    public string? Split { get; set; }
}

internal sealed class MergeYaml
{
    public double? Alpha { get; set; }
    public List<double>? AlphaSweep { get; set; }
}

internal sealed class RopeScaleYaml
{
    public string? Kind { get; set; }
    public double? Factor { get; set; }
}

internal sealed class OptimizerYaml
{
    public double? Beta1 { get; set; }
    public double? Beta2 { get; set; }
    public double? Epsilon { get; set; }
    public double? WeightDecay { get; set; }
    public double? GradClip { get; set; }
}
