using System.Globalization;

namespace LongRecipe.Bench.Recipe;

/// <summary>Turns the bound YAML into config records, rejecting missing, out-of-range and inapplicable values by field.</summary>
internal sealed class MethodConfigValidator(string file)
{
    static readonly Dictionary<string, SelectorKind> SelectorKinds = new()
    {
        ["whole"] = SelectorKind.Whole, ["digits"] = SelectorKind.Digits, ["logit-shift"] = SelectorKind.LogitShift,
        ["random-sentences"] = SelectorKind.RandomSentences, ["random-like-digits"] = SelectorKind.RandomLikeDigits,
        ["replay"] = SelectorKind.Replay,
    };
    static readonly Dictionary<string, ShiftContrast> Contrasts = new()
    {
        ["base-model"] = ShiftContrast.BaseModel, ["short-context"] = ShiftContrast.ShortContext,
    };
    static readonly Dictionary<string, PositionKind> PositionKinds = new()
    {
        ["contiguous"] = PositionKind.Contiguous, ["pose"] = PositionKind.Pose, ["longrecipe"] = PositionKind.LongRecipe,
    };
    static readonly Dictionary<string, LongRecipeVariant> Variants = new()
    {
        ["kept-boundaries"] = LongRecipeVariant.KeptBoundaries, ["original-boundaries"] = LongRecipeVariant.OriginalBoundaries,
        ["literal"] = LongRecipeVariant.Literal,
    };
    static readonly Dictionary<string, PoseSplit> PoseSplits = new()
    {
        ["anywhere"] = PoseSplit.Anywhere, ["first-half"] = PoseSplit.FirstHalf,
    };

    /// <summary>The rope_scale kinds by their YAML names (also those of a profile's extension.rope_scale).</summary>
    public static readonly IReadOnlyDictionary<string, RopeScalingKind> RopeKinds = new Dictionary<string, RopeScalingKind>()
    {
        ["linear"] = RopeScalingKind.Linear, ["ntk"] = RopeScalingKind.Ntk, ["yarn"] = RopeScalingKind.Yarn,
    };
    static readonly Dictionary<string, LrScheduleKind> Schedules = new()
    {
        ["constant"] = LrScheduleKind.Constant, ["cosine"] = LrScheduleKind.Cosine,
    };

    public MethodConfig Method(MethodYaml yaml)
    {
        if (string.IsNullOrWhiteSpace(yaml.Name)) throw Error("name", "is required");
        var settings = Settings(yaml, "");
        var stages = new List<StageConfig>();
        var entries = yaml.Stages ?? [];
        for (int i = 0; i < entries.Count; i++) stages.Add(Stage(entries[i], settings, $"stages[{i}]"));
        return new MethodConfig(yaml.Name, yaml.Description, stages);
    }

    StageConfig Stage(StageYaml? entry, StageSettings method, string path)
    {
        int given = (entry?.Train is null ? 0 : 1) + (entry?.Merge is null ? 0 : 1) + (entry?.RopeScale is null ? 0 : 1);
        if (entry is null || given != 1) throw Error(path, "each stage needs exactly one of: train, merge, rope_scale");
        if (entry.Train is { } train) return Train(train, method, $"{path}.train");
        if (entry.Merge is { } merge) return Merge(merge, $"{path}.merge");
        return RopeScale(entry.RopeScale!, $"{path}.rope_scale");
    }

    TrainStageConfig Train(TrainYaml yaml, StageSettings method, string path)
    {
        var settings = Settings(yaml, path).Or(method);
        if (settings is { TrainingLength: int length, TargetLength: int target } && length > target)
            throw Error(Field(path, "training_length"), Invariant($"{length} exceeds target_length {target}"));

        int steps = yaml.Steps ?? throw Error(Field(path, "steps"), "is required");
        if (steps < 1) throw Error(Field(path, "steps"), Invariant($"must be at least 1, got {steps}"));
        double lr = yaml.Lr ?? throw Error(Field(path, "lr"), "is required");
        if (!(lr > 0)) throw Error(Field(path, "lr"), Invariant($"must be positive, got {lr}"));
        int warmup = yaml.WarmupSteps ?? 0;
        if (warmup < 0 || warmup > steps) throw Error(Field(path, "warmup_steps"), Invariant($"must lie in [0, steps = {steps}], got {warmup}"));
        double replay = yaml.ReplayRatio ?? 0;
        if (replay is < 0 or >= 1) throw Error(Field(path, "replay_ratio"), Invariant($"must lie in [0, 1), got {replay}"));
        var schedule = yaml.LrSchedule is null ? LrScheduleKind.Constant : Kind(yaml.LrSchedule, Schedules, Field(path, "lr_schedule"));

        var select = Select(yaml.Select ?? throw Error(Field(path, "select"), "is required"), Field(path, "select"));
        var positions = Positions(yaml.Positions ?? throw Error(Field(path, "positions"), "is required"), Field(path, "positions"));
        if (positions.OneDocumentPerSample && select.Upsample > 1)
            throw Error(Field(path, "select.upsample"), "literal positions pair a document with its own positions once: upsample needs packed positions");
        if (positions.OneDocumentPerSample && settings.BatchSize != 1)
            throw Error(Field(path, "batch_size"), "literal positions train one document of its own length per sample: set batch_size: 1 " +
                                                   "(and grad_accumulation for the sequences per step) in the method");
        return new TrainStageConfig(select, positions, lr, steps, schedule, warmup, replay, settings);
    }

    SelectorConfig Select(SelectYaml yaml, string path)
    {
        var kind = Kind(yaml.Kind, SelectorKinds, Field(path, "kind"));
        bool budgeted = kind is SelectorKind.LogitShift or SelectorKind.RandomSentences;
        Applies(yaml.TopFraction, kind == SelectorKind.LogitShift, path, "top_fraction", yaml.Kind);
        Applies(yaml.Reference, kind == SelectorKind.LogitShift, path, "reference", yaml.Kind);
        Applies(yaml.Contrast, kind == SelectorKind.LogitShift, path, "contrast", yaml.Kind);
        Applies(yaml.Upsample, kind == SelectorKind.LogitShift, path, "upsample", yaml.Kind);
        if (yaml.Upsample is < 1 or > 8) throw Error(Field(path, "upsample"), Invariant($"must lie in [1, 8], got {yaml.Upsample}"));
        var contrast = yaml.Contrast is null ? ShiftContrast.BaseModel : Kind(yaml.Contrast, Contrasts, Field(path, "contrast"));
        Applies(yaml.Ratio, budgeted, path, "ratio", yaml.Kind);
        bool digitRule = kind is SelectorKind.Digits or SelectorKind.RandomLikeDigits;
        Applies(yaml.KeepProbability, digitRule, path, "keep_probability", yaml.Kind);
        Applies(yaml.TruncateToTrainingLength, digitRule, path, "truncate_to_training_length", yaml.Kind);

        var defaults = new SelectorConfig(kind);
        double top = yaml.TopFraction ?? defaults.TopFraction, ratio = yaml.Ratio ?? defaults.Ratio;
        double keep = yaml.KeepProbability ?? defaults.KeepProbability;
        if (top is <= 0 or > 1) throw Error(Field(path, "top_fraction"), Invariant($"must lie in (0, 1], got {top}"));
        if (ratio is <= 0 or > 1) throw Error(Field(path, "ratio"), Invariant($"must lie in (0, 1], got {ratio}"));
        if (keep is < 0 or > 1) throw Error(Field(path, "keep_probability"), Invariant($"must lie in [0, 1], got {keep}"));
        return new SelectorConfig(kind, top, ratio, keep, yaml.Reference ?? defaults.Reference,
            yaml.TruncateToTrainingLength ?? defaults.TruncateToTrainingLength, contrast, yaml.Upsample ?? defaults.Upsample);
    }

    PositionConfig Positions(PositionsYaml yaml, string path)
    {
        var kind = Kind(yaml.Kind, PositionKinds, Field(path, "kind"));
        Applies(yaml.Variant, kind == PositionKind.LongRecipe, path, "variant", yaml.Kind);
        Applies(yaml.BaseWindow, kind == PositionKind.Pose, path, "base_window", yaml.Kind);
        Applies(yaml.Split, kind == PositionKind.Pose, path, "split", yaml.Kind);
        var split = yaml.Split is null ? PoseSplit.Anywhere : Kind(yaml.Split, PoseSplits, Field(path, "split"));
        var variant = yaml.Variant is null ? LongRecipeVariant.KeptBoundaries : Kind(yaml.Variant, Variants, Field(path, "variant"));
        if (yaml.BaseWindow is < 1) throw Error(Field(path, "base_window"), Invariant($"must be positive, got {yaml.BaseWindow}"));
        return new PositionConfig(kind, variant, yaml.BaseWindow, split);
    }

    MergeStageConfig Merge(MergeYaml yaml, string path)
    {
        double alpha = yaml.Alpha ?? throw Error(Field(path, "alpha"), "is required");
        if (alpha is < 0 or > 1) throw Error(Field(path, "alpha"), Invariant($"must lie in [0, 1], got {alpha}"));
        var sweep = yaml.AlphaSweep ?? [];
        for (int i = 0; i < sweep.Count; i++)
            if (sweep[i] is < 0 or > 1) throw Error(Invariant($"{path}.alpha_sweep[{i}]"), Invariant($"must lie in [0, 1], got {sweep[i]}"));
        return new MergeStageConfig(alpha, sweep);
    }

    RopeScaleStageConfig RopeScale(RopeScaleYaml yaml, string path)
    {
        var kind = Kind(yaml.Kind, RopeKinds, Field(path, "kind"));
        if (yaml.Factor is < 1) throw Error(Field(path, "factor"), Invariant($"must be at least 1, got {yaml.Factor}"));
        return new RopeScaleStageConfig(kind, yaml.Factor);
    }

    StageSettings Settings(SettingsYaml yaml, string path)
    {
        if (yaml.TrainingLength is not null && yaml.TrainingFraction is not null)
            throw Error(Field(path, "training_fraction"), "give training_length or training_fraction, not both");
        AtLeast(yaml.TargetLength, 2, path, "target_length");
        AtLeast(yaml.TrainingLength, 2, path, "training_length");
        AtLeast(yaml.BatchSize, 1, path, "batch_size");
        AtLeast(yaml.GradAccumulation, 1, path, "grad_accumulation");
        AtLeast(yaml.Seed, 0, path, "seed");
        if (yaml.TrainingFraction is <= 0 or > 1)
            throw Error(Field(path, "training_fraction"), Invariant($"must lie in (0, 1], got {yaml.TrainingFraction}"));
        if (yaml is { TrainingLength: int length, TargetLength: int target } && length > target)
            throw Error(Field(path, "training_length"), Invariant($"{length} exceeds target_length {target}"));
        var optimizer = yaml.Optimizer is null ? null : Optimizer(yaml.Optimizer, Field(path, "optimizer"));
        if (yaml.Autocast is { } autocast && !Model.Autocast.Names.ContainsKey(autocast))
            throw Error(Field(path, "autocast"), $"unknown precision '{autocast}' (expected one of: {string.Join(", ", Model.Autocast.Names.Keys)})");
        return new StageSettings(yaml.TargetLength, yaml.TrainingLength, yaml.TrainingFraction, yaml.BatchSize,
            yaml.GradAccumulation, yaml.Seed, optimizer, yaml.GradientCheckpointing, yaml.Autocast);
    }

    OptimizerConfig Optimizer(OptimizerYaml yaml, string path)
    {
        var d = new OptimizerConfig();
        var result = new OptimizerConfig(yaml.Beta1 ?? d.Beta1, yaml.Beta2 ?? d.Beta2, yaml.Epsilon ?? d.Epsilon,
            yaml.WeightDecay ?? d.WeightDecay, yaml.GradClip ?? d.GradClip);
        if (result.Beta1 is < 0 or >= 1) throw Error(Field(path, "beta1"), Invariant($"must lie in [0, 1), got {result.Beta1}"));
        if (result.Beta2 is < 0 or >= 1) throw Error(Field(path, "beta2"), Invariant($"must lie in [0, 1), got {result.Beta2}"));
        if (!(result.Epsilon > 0)) throw Error(Field(path, "epsilon"), Invariant($"must be positive, got {result.Epsilon}"));
        if (result.WeightDecay < 0) throw Error(Field(path, "weight_decay"), Invariant($"must not be negative, got {result.WeightDecay}"));
        if (result.GradClip is <= 0) throw Error(Field(path, "grad_clip"), Invariant($"must be positive, got {result.GradClip}"));
        return result;
    }

    T Kind<T>(string? value, IReadOnlyDictionary<string, T> known, string field)
    {
        if (value is null) throw Error(field, $"is required (one of: {string.Join(", ", known.Keys)})");
        return known.TryGetValue(value, out var kind)
            ? kind : throw Error(field, $"unknown kind '{value}' (expected one of: {string.Join(", ", known.Keys)})");
    }

    void Applies(object? value, bool applies, string path, string key, string? kind)
    {
        if (value is not null && !applies) throw Error(Field(path, key), $"not used by kind '{kind}'");
    }

    void AtLeast(int? value, int minimum, string path, string key)
    {
        if (value < minimum) throw Error(Field(path, key), Invariant($"must be at least {minimum}, got {value}"));
    }

    static string Field(string path, string key) => YamlShape.Join(path, key);

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    ConfigException Error(string field, string problem) => new(file, field, problem);
}
