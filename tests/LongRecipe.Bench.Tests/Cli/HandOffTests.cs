using System.Text.Json.Nodes;
using LongRecipe.Bench.Cli;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Tests.Runs;
using LongRecipe.Bench.Training;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Cli;

/// <summary>The round trip past one GPU: export → an external trainer → merge → evaluate.</summary>
[Collection("Console")]
public sealed class HandOffTests
{
    static (int Exit, string Error) Run(params string[] args) => CommandLine.Run(args);

    static byte[] Bits(Tensor t) => t.contiguous().bytes.ToArray();

    /// <summary>A stand-in for torchrun: reads the stage's samples in file order and trains with launch.json's settings.</summary>
    static void TrainAsAnExternalEngineWould(Llama model, string folder, JsonNode stage)
    {
        var samples = File.ReadLines(Path.Combine(folder, (string)stage["data"]!)).Select(line => JsonNode.Parse(line)!).Select(s =>
            new TrainingBlock([.. s["input_ids"]!.AsArray().Select(v => (int)v!)], [.. s["position_ids"]!.AsArray().Select(v => (long)v!)])
            {
                LossWeights = s["loss_weights"]?.AsArray().Select(v => (float)v!).ToArray(),
            }).ToList();
        int micro = (int)stage["micro_batch"]!;
        Assert.Equal((int)stage["samples"]!, samples.Count);
        var settings = new TrainingSettings
        {
            Steps = (int)stage["steps"]!, BatchSize = micro, Accumulation = (int)stage["grad_accumulation"]!,
            Optimizer = new OptimizerSettings
            {
                LearningRate = (double)stage["lr"]!, Schedule = (string)stage["lr_schedule"]!, WarmupSteps = (int)stage["warmup_steps"]!,
                MinLearningRateFraction = (double)stage["min_lr_fraction"]!, Beta1 = (double)stage["adam_beta1"]!, Beta2 = (double)stage["adam_beta2"]!,
                Epsilon = (double)stage["adam_epsilon"]!, WeightDecay = (double)stage["weight_decay"]!, ClipNorm = (double)stage["grad_clip"]!,
            },
        };
        Trainer.Train(model, samples.Chunk(micro), settings);
    }

    [Fact]
    public void Training_on_the_exported_samples_and_merging_reproduces_the_in_process_model_bit_for_bit()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base, longrecipe]");
        string[] common = ["--profile", profile, "--cache", folder.File("c")];
        Assert.Equal(CommandErrors.Ok, Run(["bench", .. common, "--results", folder.File("r"), "--run-id", "in-process"]).Exit);
        var (exit, error) = Run(["export", .. common, "--method", "longrecipe", "--out", folder.File("export")]);
        Assert.True(exit == CommandErrors.Ok, error);

        var launch = JsonNode.Parse(File.ReadAllText(folder.File($"export/{SampleExport.LaunchFile}")))!;
        var stages = launch["stages"]!.AsArray();
        Assert.Equal(["train", "train", "merge"], stages.Select(s => (string)s!["kind"]!));
        using var original = Checkpoint.Load(folder.File("export/base"), CPU);
        var model = original.Copy();
        foreach (var stage in stages.Where(s => (string)s!["kind"]! == "train")) TrainAsAnExternalEngineWould(model, folder.File("export"), stage!);
        Checkpoint.Save(model, folder.File("trained"));
        model.Dispose();

        Assert.Equal(CommandErrors.Ok, Run("merge", "--extended", folder.File("trained"), "--base", folder.File("export/base"),
            "--alpha", ((double)stages[2]!["alpha"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", folder.File("merged")).Exit);
        using var merged = Checkpoint.Load(folder.File("merged"), CPU);
        using var inProcess = Checkpoint.Load(folder.File("r/in-process/methods/longrecipe/models/longrecipe"), CPU);
        foreach (var ((name, a), (_, b)) in inProcess.named_parameters().Zip(merged.named_parameters()))
            Assert.True(Bits(a).SequenceEqual(Bits(b)), name);
        Assert.Contains(inProcess.named_parameters().Zip(original.named_parameters()), p => !Bits(p.First.parameter).SequenceEqual(Bits(p.Second.parameter)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]   // a stage that weights its loss: the loss_weights column too
    public void A_parquet_export_holds_exactly_the_samples_of_the_jsonl_export_in_the_same_order(int recallWeight)
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base, longrecipe]");
        File.WriteAllText(profile, File.ReadAllText(profile).Replace("extension: {batch_size: 2}", $"extension: {{batch_size: 2, recall_weight: {recallWeight}}}"));
        string[] common = ["--profile", profile, "--cache", folder.File("c"), "--method", "longrecipe"];
        Assert.Equal(CommandErrors.Ok, Run(["export", .. common, "--out", folder.File("j")]).Exit);
        Assert.Equal(CommandErrors.Ok, Run(["export", .. common, "--out", folder.File("p"), "--format", "parquet"]).Exit);

        var jsonl = JsonNode.Parse(File.ReadAllText(folder.File($"j/{SampleExport.LaunchFile}")))!["stages"]!.AsArray().Where(s => (string)s!["kind"]! == "train").ToList();
        var parquet = JsonNode.Parse(File.ReadAllText(folder.File($"p/{SampleExport.LaunchFile}")))!["stages"]!.AsArray().Where(s => (string)s!["kind"]! == "train").ToList();
        Assert.Equal(["stage-0.parquet", "stage-1.parquet"], parquet.Select(s => (string)s!["data"]!));
        Assert.All(parquet, s => Assert.Equal("parquet", (string)s!["format"]!));
        foreach (var (j, p) in jsonl.Zip(parquet))
        {
            var lines = File.ReadLines(folder.File($"j/{(string)j!["data"]!}")).Select(line => JsonNode.Parse(line)!).ToList();
            var rows = ReadParquet(folder.File($"p/{(string)p!["data"]!}"), weighted: recallWeight != 1);
            Assert.Equal(lines.Count, rows.Count);
            Assert.Equal((int)j["samples"]!, rows.Count);
            foreach (var (line, row) in lines.Zip(rows))
            {
                Assert.Equal(line["input_ids"]!.AsArray().Select(v => (int)v!), row.InputIds);
                Assert.Equal(line["position_ids"]!.AsArray().Select(v => (long)v!), row.PositionIds);
                Assert.Equal(line["loss_weights"]?.AsArray().Select(v => (float)v!), row.LossWeights);
            }
        }
    }

    static List<(int[] InputIds, long[] PositionIds, float[]? LossWeights)> ReadParquet(string file, bool weighted)
    {
        using var stream = File.OpenRead(file);
        // The column names a Python trainer reads (pandas, datasets), not the C# property names.
        string[] columns = weighted ? ["input_ids", "position_ids", "loss_weights"] : ["input_ids", "position_ids"];
        if (!weighted)
        {
            var rows = Parquet.Serialization.ParquetSerializer.DeserializeAsync<ExportedSamples.Row>(stream).GetAwaiter().GetResult();
            Assert.Equal(columns, rows.Schema.Fields.Select(f => f.Name));
            return [.. rows.Data.Select(r => (r.InputIds, r.PositionIds, (float[]?)null))];
        }
        var weightedRows = Parquet.Serialization.ParquetSerializer.DeserializeAsync<ExportedSamples.WeightedRow>(stream).GetAwaiter().GetResult();
        Assert.Equal(columns, weightedRows.Schema.Fields.Select(f => f.Name));
        return [.. weightedRows.Data.Select(r => (r.InputIds, r.PositionIds, (float[]?)r.LossWeights))];
    }

    [Fact]
    public void An_unknown_sample_format_is_one_line_before_any_work()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base]");
        var (exit, error) = Run("export", "--profile", profile, "--cache", folder.File("c"), "--method", "longrecipe", "--out", folder.File("x"), "--format", "csv");
        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal("error: export: --format: 'csv' is not one of jsonl, parquet", error.TrimEnd());
        Assert.False(Directory.Exists(folder.File("c")));
        Assert.False(Directory.Exists(folder.File("x")));
    }

    [Fact]
    public void A_method_that_needs_a_model_trained_in_process_is_refused_before_any_work()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base]");
        var (exit, error) = Run("export", "--profile", profile, "--cache", folder.File("c"), "--method", "longrecipe-logit-shift", "--out", folder.File("export"));
        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Contains("stages[0].train.select: logit-shift selection", error);
        Assert.False(Directory.Exists(folder.File("c")));
        Assert.False(Directory.Exists(folder.File("export")));
    }

    [Fact]
    public void Merging_checkpoints_of_different_shapes_names_the_tensor()
    {
        using var folder = new TempFolder();
        TorchRuntime.Configure(3);
        using var small = TorchRuntime.NewModel(Model.LlamaTests.Small, 3, CPU);
        using var wide = TorchRuntime.NewModel(Model.LlamaTests.Small with { IntermediateSize = 48 }, 3, CPU);
        Checkpoint.Save(small, folder.File("a"));
        Checkpoint.Save(wide, folder.File("b"));
        var (exit, error) = Run("merge", "--extended", folder.File("a"), "--base", folder.File("b"), "--out", folder.File("m"));
        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith($"error: {folder.File("b/config.json")}: model.layers.0.mlp.", error);
        Assert.False(Directory.Exists(folder.File("m")));
    }
}
