using System.Runtime.CompilerServices;
using LongRecipe.Bench.Recipe;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Recipe;

public sealed class MethodConfigLoaderTests
{
    static string MethodsFolder([CallerFilePath] string here = "")
    {
        // Builds run with --artifacts-path elsewhere, so find the repository from this source file, not the binary.
        var folder = new DirectoryInfo(Path.GetDirectoryName(here)!);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "LongRecipe.Bench.sln"))) folder = folder.Parent;
        return Path.Combine(folder?.FullName ?? throw new DirectoryNotFoundException("repository root"), "suites", "methods");
    }

    public static TheoryData<string> ShippedMethods() => [.. Directory.GetFiles(MethodsFolder(), "*.yaml").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(ShippedMethods))]
    public void Every_shipped_method_loads_and_is_named_after_its_file(string file)
    {
        var method = MethodConfigLoader.Load(Path.Combine(MethodsFolder(), file));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), method.Name);
    }

    [Fact]
    public void LongRecipe_is_three_stages_with_resolved_settings()
    {
        var method = MethodConfigLoader.Load(Path.Combine(MethodsFolder(), "longrecipe.yaml"));

        Assert.Collection(method.Stages,
            stage =>
            {
                var train = Assert.IsType<TrainStageConfig>(stage);
                Assert.Equal(new SelectorConfig(SelectorKind.Digits, KeepProbability: 0.5), train.Select);
                Assert.Equal(new PositionConfig(PositionKind.LongRecipe, LongRecipeVariant.KeptBoundaries), train.Positions);
                Assert.Equal(5e-4, train.LearningRate);
                Assert.Equal(290, train.Steps);
                Assert.Equal(0.3, train.Settings.TrainingFraction);
                Assert.Equal(300, train.Settings.ResolveTrainingLength(1000, 128));
            },
            stage =>
            {
                var replay = Assert.IsType<TrainStageConfig>(stage);
                Assert.True(replay.Select.ReadsReplayData);
                Assert.Equal(PositionKind.Contiguous, replay.Positions.Kind);
                Assert.Equal(5e-5, replay.LearningRate);
            },
            stage =>
            {
                var merge = Assert.IsType<MergeStageConfig>(stage);
                Assert.Equal(0.5, merge.Alpha);
                Assert.Empty(merge.AlphaSweep);   // the sweep is its own method (longrecipe-alpha-sweep, in the ablations)
            });
    }

    [Fact]
    public void The_alpha_sweep_is_longrecipe_with_more_merge_weights_evaluated()
    {
        var plain = MethodConfigLoader.Load(Path.Combine(MethodsFolder(), "longrecipe.yaml"));
        var sweep = MethodConfigLoader.Load(Path.Combine(MethodsFolder(), "longrecipe-alpha-sweep.yaml"));
        Assert.Equal(plain.Stages.Take(2), sweep.Stages.Take(2));
        var merge = Assert.IsType<MergeStageConfig>(sweep.Stages[2]);
        Assert.Equal(0.5, merge.Alpha);
        Assert.Equal([0.25, 0.75, 1.0], merge.AlphaSweep);
    }

    [Fact]
    public void Real_config_carries_the_reference_settings()
    {
        var method = MethodConfigLoader.Load(Path.Combine(MethodsFolder(), "real-llama3-80k.yaml"));

        var stages = method.Stages.OfType<TrainStageConfig>().ToArray();
        var settings = stages[0].Settings;
        Assert.Equal((80000, 24000, 1, 96, 2027), (settings.TargetLength, settings.TrainingLength, settings.BatchSize, settings.GradAccumulation, settings.Seed));
        Assert.Equal(new OptimizerConfig(0.9, 0.999, 1e-8, 0.1, 1.0), settings.Optimizer);
        Assert.Equal((5e-5, LrScheduleKind.Constant), (stages[0].LearningRate, stages[0].LrSchedule));
        Assert.Equal(5e-6, stages[1].LearningRate);
        Assert.Equal(0.5, Assert.IsType<MergeStageConfig>(method.Stages[2]).Alpha);
        Assert.Equal(LongRecipeVariant.OriginalBoundaries, stages[0].Positions.Variant);
    }

    [Fact]
    public void Stage_fields_override_method_settings()
    {
        var method = Parse("""
            name: m
            training_fraction: 0.3
            batch_size: 4
            seed: 7
            gradient_checkpointing: true
            autocast: bf16
            stages:
              - train: {select: {kind: whole}, positions: {kind: contiguous}, lr: 1.0e-3, steps: 5, training_length: 64, batch_size: 2, gradient_checkpointing: false, autocast: none}
              - train: {select: {kind: whole}, positions: {kind: pose, base_window: 32}, lr: 1.0e-3, steps: 5}
            """);

        var first = (TrainStageConfig)method.Stages[0];
        var second = (TrainStageConfig)method.Stages[1];
        Assert.Equal(new StageSettings(TrainingLength: 64, BatchSize: 2, Seed: 7, GradientCheckpointing: false, Autocast: "none"), first.Settings);
        Assert.Equal(new StageSettings(TrainingFraction: 0.3, BatchSize: 4, Seed: 7, GradientCheckpointing: true, Autocast: "bf16"), second.Settings);
        Assert.True(Stages.TrainerSettings(second, second.Settings).GradientCheckpointing);   // the trainer is told
        Assert.Equal(("bf16", null), (Stages.TrainerSettings(second, second.Settings).Autocast, Stages.TrainerSettings(first, first.Settings).Autocast));
        Assert.Equal(32, second.Positions.BaseWindow);
        // Profile defaults fill what the method leaves open.
        Assert.Equal(new StageSettings(TargetLength: 512, TrainingLength: 64, BatchSize: 2, Seed: 7, GradientCheckpointing: false, Autocast: "none"),
            first.Settings.Or(new StageSettings(TargetLength: 512, BatchSize: 8)));
    }

    [Theory]
    [InlineData("", ScalarType.BFloat16)]
    [InlineData("autocast: none", ScalarType.BFloat16)]
    [InlineData("autocast: bf16", ScalarType.Float32)]
    public void A_bf16_base_trains_as_float32_weights_only_under_autocast(string setting, ScalarType expected)
    {
        var method = Parse($"name: m\n{setting}\nstages:\n  - train: {{select: {{kind: whole}}, positions: {{kind: contiguous}}, lr: 1.0e-3, steps: 5}}\n");
        Assert.Equal(expected, Stages.TrainingDType(method, new StageSettings(), ScalarType.BFloat16));
        Assert.Equal(ScalarType.Float32, Stages.TrainingDType(method, new StageSettings(), ScalarType.Float32));
    }

    [Theory]
    [InlineData("name: m\nstages: [ {train: ", "t.yaml: line 3, column 1: not valid YAML", "")]
    [InlineData("name: m\nstagez: []", "t.yaml: stagez: unknown key", "expected one of:")]
    [InlineData(Stage + "lr: 1.0, steps: 3, dropout: 0.1}", "t.yaml: stages[0].train.dropout: unknown key", "select, positions, lr")]
    [InlineData("name: m\nstages:\n  - train: {select: {kind: everything}, positions: {kind: contiguous}, lr: 1.0, steps: 3}",
        "t.yaml: stages[0].train.select.kind: unknown kind 'everything'", "logit-shift")]
    [InlineData(Stage + "lr: 0, steps: 3}", "t.yaml: stages[0].train.lr: must be positive, got 0", "")]
    [InlineData(Stage + "lr: abc, steps: 3}", "t.yaml: stages[0].train.lr: cannot read value", "")]
    [InlineData(Stage + "lr: 1.0}", "t.yaml: stages[0].train.steps: is required", "")]
    [InlineData("name: m\nstages:\n  - merge: {alpha: 1.5}", "t.yaml: stages[0].merge.alpha: must lie in [0, 1], got 1.5", "")]
    [InlineData("name: m\nautocast: fp8\nstages: []", "t.yaml: autocast: unknown precision 'fp8'", "bf16, none")]
    [InlineData("name: m\nstages:\n  - merge: {alpha: 0.5, alpha_sweep: [0.5, -0.1]}", "t.yaml: stages[0].merge.alpha_sweep[1]: must lie in [0, 1]", "")]
    [InlineData("name: m\nstages:\n  - train: {select: {kind: logit-shift, ratio: 0}, positions: {kind: contiguous}, lr: 1.0, steps: 3}",
        "t.yaml: stages[0].train.select.ratio: must lie in (0, 1], got 0", "")]
    [InlineData("name: m\nstages:\n  - train: {select: {kind: digits, ratio: 0.3}, positions: {kind: contiguous}, lr: 1.0, steps: 3}",
        "t.yaml: stages[0].train.select.ratio: not used by kind 'digits'", "")]
    [InlineData("name: m\nstages:\n  - train: {select: {kind: digits, contrast: short-context}, positions: {kind: contiguous}, lr: 1.0, steps: 3}",
        "t.yaml: stages[0].train.select.contrast: not used by kind 'digits'", "")]
    [InlineData("name: m\nstages:\n  - train: {select: {kind: logit-shift, contrast: long}, positions: {kind: contiguous}, lr: 1.0, steps: 3}",
        "t.yaml: stages[0].train.select.contrast: unknown", "base-model, short-context")]
    [InlineData("name: m\nstages:\n  - train: {select: {kind: digits, upsample: 2}, positions: {kind: contiguous}, lr: 1.0, steps: 3}",
        "t.yaml: stages[0].train.select.upsample: not used by kind 'digits'", "")]
    [InlineData("name: m\nstages:\n  - train: {select: {kind: logit-shift, upsample: 0}, positions: {kind: contiguous}, lr: 1.0, steps: 3}",
        "t.yaml: stages[0].train.select.upsample: must lie in [1, 8], got 0", "")]
    [InlineData("name: m\nbatch_size: 1\nstages:\n  - train: {select: {kind: logit-shift, upsample: 2}, positions: {kind: longrecipe, variant: literal}, lr: 1.0, steps: 3}",
        "t.yaml: stages[0].train.select.upsample: literal positions", "")]
    [InlineData("name: m\nstages:\n  - train: {select: {kind: whole}, positions: {kind: pose, variant: kept-boundaries}, lr: 1.0, steps: 3}",
        "t.yaml: stages[0].train.positions.variant: not used by kind 'pose'", "")]
    [InlineData("name: m\nstages:\n  - train: {select: {kind: whole}, positions: {kind: contiguous, split: first-half}, lr: 1.0, steps: 3}",
        "t.yaml: stages[0].train.positions.split: not used by kind 'contiguous'", "")]
    [InlineData("name: m\nstages:\n  - train: {select: {kind: whole}, positions: {kind: pose, split: middle}, lr: 1.0, steps: 3}",
        "t.yaml: stages[0].train.positions.split: unknown kind 'middle'", "first-half")]
    [InlineData("name: m\nstages:\n  - train: {select: {kind: digits}, positions: {kind: longrecipe, variant: literal}, lr: 1.0, steps: 3}",
        "t.yaml: stages[0].train.batch_size: literal positions train one document of its own length per sample", "")]
    [InlineData("name: m\ntarget_length: 100\ntraining_length: 200\nstages: []", "t.yaml: training_length: 200 exceeds target_length 100", "")]
    [InlineData("name: m\ntarget_length: 100\nstages:\n  - train: {select: {kind: whole}, positions: {kind: contiguous}, lr: 1.0, steps: 3, training_length: 101}",
        "t.yaml: stages[0].train.training_length: 101 exceeds target_length 100", "")]
    [InlineData("name: m\ntraining_length: 10\ntraining_fraction: 0.5\nstages: []", "t.yaml: training_fraction: give training_length or training_fraction, not both", "")]
    [InlineData("name: m\nstages:\n  - merge: {alpha: 0.5}\n    train: {}", "t.yaml: stages[0]: each stage needs exactly one of", "")]
    [InlineData("name: m\nstages:\n  - rope_scale: {kind: ntk, factor: 0.5}", "t.yaml: stages[0].rope_scale.factor: must be at least 1", "")]
    [InlineData("name: m\noptimizer: {beta2: 1.0}\nstages: []", "t.yaml: optimizer.beta2: must lie in [0, 1), got 1", "")]
    [InlineData("name: m\nname: n\nstages: []", "t.yaml: line 2, column 1", "")]
    [InlineData("stages: []", "t.yaml: name: is required", "")]
    [InlineData(Stage + "lr: 1.0, steps: 3.5}", "t.yaml: stages[0].train.steps: cannot read value", "'3.5'")]
    [InlineData("name: m\nstages:\n  - train: {select: whole, positions: {kind: contiguous}, lr: 1.0, steps: 3}",
        "t.yaml: stages[0].train.select: expected a mapping with keys among: kind,", "")]
    [InlineData("name: m\nstages: 3", "t.yaml: stages: expected a list", "")]
    [InlineData("", "t.yaml: (document): expected one YAML mapping", "")]
    public void Bad_files_give_one_message_naming_file_and_field(string yaml, string expectedStart, string alsoContains)
    {
        var error = Assert.Throws<ConfigException>(() => Parse(yaml));
        Assert.StartsWith(expectedStart, error.Message);
        Assert.Contains(alsoContains, error.Message);
        Assert.DoesNotContain("LongRecipe.Bench.Recipe", error.Message); // no CLR type names leak into messages
    }

    [Fact]
    public void Empty_values_count_as_absent()
    {
        var method = Parse("name: m\noptimizer:\nstages:\n");
        Assert.Empty(method.Stages);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var error = Assert.Throws<ConfigException>(() => MethodConfigLoader.Load("/nonexistent/method.yaml"));
        Assert.Equal("/nonexistent/method.yaml: (file): not found", error.Message);
    }

    [Fact]
    public void Selector_and_scheme_factories_follow_the_kinds()
    {
        var tokenizer = TestDocuments.Tokenizer;
        Assert.IsType<LogitShiftSelector>(new SelectorConfig(SelectorKind.LogitShift).CreateSelector(tokenizer, 1000, 300));
        Assert.Equal(300, ((RandomSentenceSelector)new SelectorConfig(SelectorKind.RandomSentences).CreateSelector(tokenizer, 1000, 300)).Budget);
        Assert.Equal(300, ((DigitSentenceSelector)new SelectorConfig(SelectorKind.Digits).CreateSelector(tokenizer, 1000, 300)).SourceLength);
        Assert.IsType<KeepAllSentences>(new SelectorConfig(SelectorKind.Replay).CreateSelector(tokenizer, 1000, 300));
        Assert.Equal(LongRecipeVariant.OriginalBoundaries,
            ((PositionIndices)new PositionConfig(PositionKind.LongRecipe, LongRecipeVariant.OriginalBoundaries).CreateScheme(1000, 128)).Variant);
        Assert.Equal(128, ((PosePositions)new PositionConfig(PositionKind.Pose).CreateScheme(1000, 128)).BaseWindow);
    }

    const string Stage = "name: m\nstages:\n  - train: {select: {kind: whole}, positions: {kind: contiguous}, ";

    static MethodConfig Parse(string yaml) => MethodConfigLoader.Parse(yaml, "t.yaml");
}
