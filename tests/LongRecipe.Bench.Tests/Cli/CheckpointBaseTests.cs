using System.Text.Json.Nodes;
using LongRecipe.Bench.Cli;
using LongRecipe.Bench.Tests.Model;
using LongRecipe.Bench.Tests.Runs;
using Parquet;
using Parquet.Schema;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Cli;

/// <summary>
/// A real run's seam: `bench` and `export` extend a Hugging Face checkpoint (base.checkpoint) on the user's text files
/// (data: JSON lines or Parquet), replay reading its own file, in the checkpoint's tokenizer; no base is pretrained.
/// </summary>
[Collection("Console")]
public sealed class CheckpointBaseTests
{
    const string ReplayMarker = "Replayed instruction";

    static (int Exit, string Error) Run(params string[] args) => CommandLine.Run(args);

    /// <summary>Essay paragraphs, each with a sentence of digits (LongRecipe's reference selection keeps those).</summary>
    static List<string> TrainTexts()
    {
        string essay = File.ReadAllText(Path.Combine(Suites.SuitePaths.Root(), "suites", "haystacks", "essay.txt"));
        return [.. essay.Split("\n\n").Where(p => p.Length > 200 && !p.StartsWith('#'))
            .Select((p, i) => $"{p.Trim()} The ledger of year {1900 + i} counted {37 * i + 11} boats.")];
    }

    /// <summary>A tiny random Mistral-shaped checkpoint with Mistral's real tokenizer, train.jsonl, replay.parquet and a micro profile naming them.</summary>
    static string Write(TempFolder folder, string methods = "[base, full-sequence]", ScalarType dtype = ScalarType.Float32)
    {
        var config = HuggingFaceFolder.Config("MistralForCausalLM");
        config["vocab_size"] = 32000;
        HuggingFaceFolder.Write(folder.File("mistral-tiny"), config, HuggingFaceFolder.RandomTensors(config, dtype));
        Text.RealTokenizers.Unpack("mistral", folder.File("mistral-tiny"));
        File.WriteAllLines(folder.File("train.jsonl"), TrainTexts().Select(t => new JsonObject { ["id"] = 1, ["text"] = t }.ToJsonString()));
        WriteParquet(folder.File("replay.parquet"), "text", [.. Enumerable.Range(0, 30).Select(i => $"{ReplayMarker} {i}: answer the question politely and briefly.")]);
        string path = MicroProfile.Write(folder, methods);
        File.WriteAllText(path, File.ReadAllText(path)
            .Replace("base: {window: 128,", "base: {checkpoint: mistral-tiny, window: 128,")
            .Replace("extension: {batch_size: 2}", "extension: {batch_size: 1, step_fraction: 0.01}")
            + "\ndata: {train: [train.jsonl], replay: replay.parquet}\n");
        return path;
    }

    static void WriteParquet(string path, string column, string[] texts) => WriteParquetAsync(path, column, texts).GetAwaiter().GetResult();

    static async Task WriteParquetAsync(string path, string column, string[] texts)
    {
        var field = new DataField<string>(column);
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(field, texts);
    }

    [Fact]
    public void Bench_extends_a_hugging_face_checkpoint_on_the_profiles_text_without_pretraining_a_base()
    {
        using var folder = new TempFolder();
        string profile = Write(folder);
        var (exit, error) = Run("bench", "--profile", profile, "--results", folder.File("r"), "--cache", folder.File("c"), "--run-id", "real");
        Assert.True(exit == CommandErrors.Ok, error);
        string run = Path.Combine(folder.File("r"), "real");
        var scores = File.ReadAllLines(Path.Combine(run, "scores.csv")).Skip(1).ToList();
        Assert.Equal(["base", "full-sequence"], scores.Select(l => l.Split(',')[0]).Distinct());
        Assert.Contains(scores, l => l.StartsWith("full-sequence,ruler,niah_single_1,256,", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(run, "pretraining.json")));
        Assert.False(Directory.Exists(Path.Combine(folder.File("c"), "base")));   // nothing pretrained
        // 300 steps × 0.01 = 3 steps of one 512-token sequence, as the resources record.
        var stage = File.ReadAllLines(Path.Combine(run, "resources.csv")).Single(l => l.StartsWith("full-sequence,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("3", "512", "1536"), (stage[3], stage[4], stage[5]));
    }

    [Fact]
    public void A_bf16_checkpoint_trained_under_autocast_is_merged_stored_and_scored_in_its_own_dtype()
    {
        using var folder = new TempFolder();
        string methods = folder.File("methods");
        Directory.CreateDirectory(methods);
        File.Copy(Path.Combine(Suites.SuitePaths.Root(), "suites", "methods", "base.yaml"), Path.Combine(methods, "base.yaml"));
        File.WriteAllText(Path.Combine(methods, "mixed.yaml"), """
            name: mixed
            autocast: bf16
            training_length: 256
            stages:
              - train: {select: {kind: whole}, positions: {kind: contiguous}, lr: 1.0e-3, steps: 100}
              - merge: {alpha: 0.5}
            """);
        string profile = Write(folder, "[base, mixed]", ScalarType.BFloat16);
        File.WriteAllText(profile, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(profile), "methods_dir: .*", $"methods_dir: {methods}"));
        var (exit, error) = Run("bench", "--profile", profile, "--results", folder.File("r"), "--cache", folder.File("c"), "--run-id", "mixed");
        Assert.True(exit == CommandErrors.Ok, error);
        string run = Path.Combine(folder.File("r"), "mixed");
        // Widened to float32 for the optimizer (Stages.TrainingDType), then back to the base's dtype to be stored and scored.
        var stored = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "methods", "mixed", "models", "mixed", "config.json")))!;
        Assert.Equal("bfloat16", (string)stored["torch_dtype"]!);
        Assert.Contains(File.ReadAllLines(Path.Combine(run, "scores.csv")), l => l.StartsWith("mixed,ruler,niah_single_1,256,", StringComparison.Ordinal));
    }

    [Fact]
    public void Export_of_a_checkpoint_base_names_its_folder_and_writes_samples_of_the_data_files_with_replay_from_its_own()
    {
        using var folder = new TempFolder();
        string profile = Write(folder, "[base, longrecipe]");
        var (exit, error) = Run("export", "--profile", profile, "--method", "longrecipe", "--out", folder.File("x"), "--cache", folder.File("c"));
        Assert.True(exit == CommandErrors.Ok, error);

        var launch = JsonNode.Parse(File.ReadAllText(folder.File("x/launch.json")))!;
        Assert.Equal(folder.File("mistral-tiny"), (string)launch["base"]!);
        Assert.False(Directory.Exists(folder.File("x/base")));   // the checkpoint is handed over where it lies
        var tokenizer = LongRecipe.Bench.Text.HuggingFaceTokenizer.Load(folder.File("mistral-tiny"));
        string Decoded(string file) => string.Join("\n", File.ReadLines(folder.File($"x/{file}"))
            .Select(l => tokenizer.Decode(JsonNode.Parse(l)!["input_ids"]!.AsArray().Select(t => (int)t!))));
        // The stages are [rope-scale?] train, replay train, merge: find them by kind.
        var trains = launch["stages"]!.AsArray().Where(s => (string)s!["kind"]! == "train").Select(s => (string)s!["data"]!).ToList();
        Assert.Equal(2, trains.Count);
        string extension = Decoded(trains[0]), replay = Decoded(trains[1]);
        Assert.Contains("The ledger of year", extension);   // digit sentences, as the reference's selection keeps
        Assert.DoesNotContain(ReplayMarker, extension);
        Assert.Contains(ReplayMarker, replay);
        Assert.DoesNotContain("The ledger of year", replay);
    }

    [Fact]
    public void A_data_line_without_its_text_field_is_one_line_naming_file_and_line_before_any_work()
    {
        using var folder = new TempFolder();
        string profile = Write(folder);
        File.AppendAllText(folder.File("train.jsonl"), "{\"txt\": \"misspelt field\"}\n");
        int line = File.ReadAllLines(folder.File("train.jsonl")).Length;
        var (exit, error) = Run("bench", "--profile", profile, "--results", folder.File("r"), "--cache", folder.File("c"));
        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith($"error: {folder.File("train.jsonl")}: line {line}: text: missing", error.TrimEnd());
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(folder.File("r")));
    }

    [Fact]
    public void A_replay_parquet_without_the_column_names_file_and_field()
    {
        using var folder = new TempFolder();
        string profile = Write(folder);
        WriteParquet(folder.File("replay.parquet"), "content", ["some text"]);
        var (exit, error) = Run("export", "--profile", profile, "--method", "full-sequence", "--out", folder.File("x"), "--cache", folder.File("c"));
        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith($"error: {folder.File("replay.parquet")}: text: no such column (columns: content)", error.TrimEnd());
        Assert.False(Directory.Exists(folder.File("x")));
    }

    [Fact]
    public void The_shipped_real_extend_profile_pointed_at_a_checkpoint_and_files_reads_them_in_the_checkpoints_tokenizer()
    {
        using var folder = new TempFolder();
        Write(folder);
        string root = Suites.SuitePaths.Root();
        string profile = folder.File("real-extend.yaml");
        File.WriteAllText(profile, File.ReadAllText(Path.Combine(root, "suites", "profiles", "real-extend.yaml"))
            .Replace("../../models/Meta-Llama-3-8B", "mistral-tiny").Replace("../../data/long-documents.jsonl", "train.jsonl")
            .Replace("../../data/instructions.jsonl", "replay.parquet").Replace("../ruler-english.yaml", Suites.SuitePaths.RulerEnglishYaml)
            .Replace("../general-english.yaml", Suites.SuitePaths.GeneralEnglishYaml)
            .Replace("methods: [base, real-llama3-80k]", $"methods: [base, real-llama3-80k]\nmethods_dir: {Path.Combine(root, "suites", "methods")}"));
        var loaded = LongRecipe.Bench.Runs.Profile.Load(profile);
        var tokenizer = LongRecipe.Bench.Runs.RunBase.TokenizerOf(loaded, profile);
        var runBase = LongRecipe.Bench.Runs.RunBase.Make(loaded, profile, new LongRecipe.Bench.Runs.SuiteEvaluation(loaded, profile, tokenizer), tokenizer);
        Assert.Equal((32000, folder.File("mistral-tiny")), (runBase.Config.VocabSize, runBase.Checkpoint));
        var replay = runBase.Replay.Generate(64, new Random(1));
        Assert.Contains(ReplayMarker, tokenizer.Decode(replay.Tokens));
    }

    [Theory]
    [InlineData("data_without_checkpoint", "data")]
    [InlineData("checkpoint_without_data", "data")]
    [InlineData("missing_train_file", "data.train")]
    public void A_profile_that_mixes_the_two_scales_or_names_a_missing_file_is_refused(string variant, string field)
    {
        using var folder = new TempFolder();
        string profile = Write(folder);
        string text = File.ReadAllText(profile);
        File.WriteAllText(profile, variant switch
        {
            "data_without_checkpoint" => text.Replace("checkpoint: mistral-tiny, ", ""),
            "checkpoint_without_data" => text.Replace("data: {train: [train.jsonl], replay: replay.parquet}", ""),
            _ => text.Replace("train: [train.jsonl]", "train: [nope.jsonl]"),
        });
        var (exit, error) = Run("bench", "--profile", profile, "--results", folder.File("r"), "--cache", folder.File("c"));
        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith($"error: {profile}: {field}:", error.TrimEnd());
        Assert.False(Directory.Exists(folder.File("r")));
    }
}
