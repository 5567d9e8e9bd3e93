using System.Text.Json;
using System.Text.Json.Nodes;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Text;
using LongRecipe.Bench.Training;

namespace LongRecipe.Bench.Runs;

public sealed record ExportOptions(string ProfilePath, string Method, string OutputFolder, string CacheRoot, SampleFormat Format = SampleFormat.Jsonl);

/// <summary>
/// `export`: a method's training handed to an existing engine (torchrun, DeepSpeed) instead of this process's trainer.
/// Writes the base checkpoint, every train stage's samples in the exact order the in-process trainer would consume them
/// (<see cref="ExportedSamples"/>: JSON lines or Parquet), and launch.json with
/// each stage's settings and a DeepSpeed configuration. What comes back is merged (`merge`) and scored (`evaluate`).
/// </summary>
public static class SampleExport
{
    public const string LaunchFile = "launch.json", BaseFolder = "base";

    public static void Run(ExportOptions options, Action<string> log)
    {
        var profile = Profile.Load(options.ProfilePath);
        string methodFile = profile.MethodPath(options.ProfilePath, options.Method);
        var method = profile.Extension.Scaled(MethodConfigLoader.Load(methodFile));
        foreach (var (stage, i) in method.Stages.Select((s, i) => (s, i)))
            if (stage is TrainStageConfig { Select.Kind: SelectorKind.LogitShift })
                throw new ConfigException(methodFile, $"stages[{i}].train.select", "logit-shift selection scores text with a model trained in this process; it cannot be handed off");
        var tokenizer = RunBase.TokenizerOf(profile, options.ProfilePath);
        var runBase = RunBase.Make(profile, options.ProfilePath, new SuiteEvaluation(profile, options.ProfilePath, tokenizer), tokenizer);
        var device = TorchRuntime.Configure(profile.Seed, profile.Device, profile.Threads);
        // A checkpoint base is handed over where it lies (launch.json names its folder), never read or copied here.
        var baseModel = runBase.Checkpoint is null ? runBase.Load(options.CacheRoot, device, null, log).Model : null;
        var setup = profile.ExtensionSetup(baseModel, runBase, new Dictionary<string, MethodResult>());

        string folder = Path.GetFullPath(options.OutputFolder);
        AtomicFile.WriteFolder(folder, staging =>
        {
            if (baseModel is not null) Checkpoint.Save(baseModel, Path.Combine(staging, BaseFolder));
            var stages = new JsonArray();
            foreach (var (stage, index) in method.Stages.Select((s, i) => (s, i)))
                stages.Add(stage switch
                {
                    TrainStageConfig train => WriteTrainStage(train, index, setup, staging, options.Format, log),
                    MergeStageConfig merge => new JsonObject { ["index"] = index, ["kind"] = "merge", ["alpha"] = merge.Alpha,
                        ["then"] = $"longrecipe-bench merge --extended <trained> --base {runBase.Checkpoint ?? BaseFolder} --alpha {merge.Alpha} --out <merged>" },
                    RopeScaleStageConfig rope => new JsonObject { ["index"] = index, ["kind"] = "rope-scale", ["rope_type"] = rope.Kind.ToString().ToLowerInvariant(),
                        ["factor"] = rope.Factor ?? (double)profile.TargetLength / profile.Base.Window },
                    _ => throw new NotSupportedException(stage.GetType().Name),
                });
            var launch = new JsonObject
            {
                ["method"] = method.Name, ["base"] = runBase.Checkpoint ?? BaseFolder, ["base_window"] = profile.Base.Window, ["target_length"] = profile.TargetLength,
                ["order"] = "samples are in consumption order: micro_batch lines per micro-batch, micro_batch × grad_accumulation per optimizer step; do not shuffle",
                ["stages"] = stages,
            };
            File.WriteAllText(Path.Combine(staging, LaunchFile), launch.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        });
        baseModel?.Dispose();
        log($"{method.Name}: exported to {folder}");
    }

    static JsonObject WriteTrainStage(TrainStageConfig train, int index, ExtensionSetup setup, string folder, SampleFormat format, Action<string> log)
    {
        var blocks = StageBlocks.ForStage(train, index, setup);
        var settings = Stages.TrainerSettings(train, train.Settings.Or(setup.Defaults));
        string file = ExportedSamples.FileName(index, format);
        int samples = ExportedSamples.Write(Path.Combine(folder, file), [.. Trainer.MicroBatches(blocks.Blocks, settings).SelectMany(batch => batch)], format);
        log($"  stage {index}: {samples} samples of {blocks.Blocks[0].Tokens.Length} tokens → {file}");
        var o = settings.Optimizer;
        return new JsonObject
        {
            ["index"] = index, ["kind"] = "train", ["data"] = file, ["format"] = format.Name(), ["samples"] = samples, ["sequence_length"] = blocks.Blocks[0].Tokens.Length,
            ["steps"] = settings.Steps, ["micro_batch"] = settings.BatchSize, ["grad_accumulation"] = settings.Accumulation,
            ["lr"] = o.LearningRate, ["lr_schedule"] = o.Schedule, ["warmup_steps"] = o.WarmupSteps, ["min_lr_fraction"] = o.MinLearningRateFraction,
            ["adam_beta1"] = o.Beta1, ["adam_beta2"] = o.Beta2, ["adam_epsilon"] = o.Epsilon, ["weight_decay"] = o.WeightDecay, ["grad_clip"] = o.ClipNorm,
            ["deepspeed"] = DeepSpeed(settings),
        };
    }

    /// <summary>The reference run's engine settings (ZeRO-3 with optimizer and parameters offloaded to CPU, bf16) with this stage's numbers.</summary>
    static JsonObject DeepSpeed(TrainingSettings settings)
    {
        var o = settings.Optimizer;
        return new JsonObject
        {
            ["train_micro_batch_size_per_gpu"] = settings.BatchSize, ["gradient_accumulation_steps"] = settings.Accumulation,
            ["gradient_clipping"] = o.ClipNorm, ["bf16"] = new JsonObject { ["enabled"] = true },
            ["zero_optimization"] = new JsonObject
            {
                ["stage"] = 3, ["offload_optimizer"] = new JsonObject { ["device"] = "cpu" }, ["offload_param"] = new JsonObject { ["device"] = "cpu" },
            },
            ["optimizer"] = new JsonObject
            {
                ["type"] = "AdamW",
                ["params"] = new JsonObject { ["lr"] = o.LearningRate, ["betas"] = new JsonArray(o.Beta1, o.Beta2), ["eps"] = o.Epsilon, ["weight_decay"] = o.WeightDecay },
            },
            ["scheduler"] = o.Schedule == "cosine"
                ? new JsonObject { ["type"] = "WarmupCosineLR", ["params"] = new JsonObject { ["total_num_steps"] = settings.Steps, ["warmup_num_steps"] = o.WarmupSteps,
                    ["warmup_type"] = "linear", ["cos_min_ratio"] = o.MinLearningRateFraction } }
                : new JsonObject { ["type"] = "WarmupLR", ["params"] = new JsonObject { ["warmup_min_lr"] = 0, ["warmup_max_lr"] = o.LearningRate,
                    ["warmup_num_steps"] = o.WarmupSteps, ["warmup_type"] = "linear" } },
        };
    }
}
