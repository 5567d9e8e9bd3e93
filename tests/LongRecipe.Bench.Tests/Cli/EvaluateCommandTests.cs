using LongRecipe.Bench.Cli;
using LongRecipe.Bench.Tests.Model;
using LongRecipe.Bench.Tests.Runs;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Cli;

[Collection("Console")]
public sealed class EvaluateCommandTests
{
    static (int Exit, string Error) Run(params string[] args) => CommandLine.Run(args);

    static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    [Fact]
    public void A_checkpoint_handed_back_scores_exactly_as_the_same_weights_scored_in_bench()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base, rope-yarn]");
        Assert.Equal(CommandErrors.Ok, Run("bench", "--profile", profile, "--results", folder.File("r"), "--cache", folder.File("c"), "--run-id", "bench").Exit);
        // The cached base is a checkpoint folder like any other: hand it back under another name.
        string cached = Path.GetDirectoryName(Directory.GetFiles(folder.File("c"), "model.safetensors", SearchOption.AllDirectories).Single())!;
        CopyFolder(cached, folder.File("returned"));

        var (exit, error) = Run("evaluate", "--model", folder.File("returned"), "--profile", profile, "--results", folder.File("r"),
            "--cache", folder.File("c"), "--run-id", "evaluate");
        Assert.True(exit == CommandErrors.Ok, error);
        string RowsOf(string run, string model) => string.Join("\n", File.ReadAllLines(Path.Combine(folder.File("r"), run, "scores.csv"))
            .Where(l => l.StartsWith(model + ",", StringComparison.Ordinal)).Select(l => l[model.Length..]));
        string[] models = File.ReadAllLines(Path.Combine(folder.File("r"), "evaluate", "scores.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct().ToArray();
        Assert.Equal(["base", "returned"], models);   // the profile's trained methods are not run
        Assert.NotEmpty(RowsOf("bench", "base"));
        Assert.Equal(RowsOf("bench", "base"), RowsOf("evaluate", "returned"));
        Assert.True(File.Exists(Path.Combine(folder.File("r"), "evaluate", "report.md")));
    }

    [Fact]
    public void A_checkpoint_of_another_vocabulary_is_refused_naming_its_config_before_any_work()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base]");
        var config = HuggingFaceFolder.Config("LlamaForCausalLM");
        HuggingFaceFolder.Write(folder.File("llama"), config, HuggingFaceFolder.RandomTensors(config, ScalarType.Float32));
        File.Delete(folder.File("llama/tokenizer.json"));

        var (exit, error) = Run("evaluate", "--model", folder.File("llama"), "--profile", profile, "--results", folder.File("r"), "--cache", folder.File("c"));
        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith($"error: {folder.File("llama/config.json")}: vocab_size: 48, but the profile's word tokenizer", error.TrimEnd());
        Assert.False(Directory.Exists(folder.File("r")));
        Assert.False(Directory.Exists(folder.File("c")));
    }

    [Fact]
    public void A_hugging_face_checkpoint_is_scored_on_the_same_tasks_in_its_own_tokenizer()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base]");
        var (exit, error) = EvaluateMistralTiny(folder, profile, ScalarType.BFloat16, "hf");
        Assert.True(exit == CommandErrors.Ok, error);
        var rows = File.ReadAllLines(Path.Combine(folder.File("r"), "hf", "scores.csv")).Skip(1).ToList();
        Assert.Equal(["mistral-tiny"], rows.Select(l => l.Split(',')[0]).Distinct());
        Assert.Contains(rows, l => l.Contains(",ruler,niah_single_1,256,"));
        Assert.False(Directory.Exists(folder.File("c")));   // the profile's base (another vocabulary) was neither trained nor loaded
        Assert.Contains("their own tokenizer", File.ReadAllText(Path.Combine(folder.File("r"), "hf", "report.md")));
    }

    /// <summary>The shipped real-evaluate profile (RULER's English, the project's essay; the English general suite) at one short length and two RULER tasks, end to end on CPU.</summary>
    [Fact]
    public void A_hugging_face_checkpoint_is_scored_on_rulers_english_with_the_real_evaluate_profile()
    {
        using var folder = new TempFolder();
        string root = Suites.SuitePaths.Root();
        string shipped = File.ReadAllText(Path.Combine(root, "suites", "profiles", "real-evaluate.yaml"));
        string profile = folder.File("real.yaml");
        File.WriteAllText(profile, shipped.Replace("window: 8192", "window: 4096").Replace("target_length: 131072", "target_length: 8192")
            .Replace("[1, 4, 16], documents: 4", "[1], documents: 1").Replace("ruler_samples: 100", "ruler_lengths: [4096]\n  ruler_tasks: [niah_single_2, vt]\n  ruler_samples: 1")
            .Replace("../ruler-english.yaml", Suites.SuitePaths.RulerEnglishYaml)
            .Replace("../general-english.yaml", SmallGeneralEnglish(folder)).Replace("device: auto", "device: cpu")
            .Replace("methods: [base]", $"methods: [base]\nmethods_dir: {Path.Combine(root, "suites", "methods")}"));
        var (exit, error) = EvaluateMistralTiny(folder, profile, ScalarType.Float32, "english");
        Assert.True(exit == CommandErrors.Ok, error);
        var rows = File.ReadAllLines(Path.Combine(folder.File("r"), "english", "scores.csv")).Skip(1).ToList();
        var tasks = rows.Where(l => l.Contains(",ruler,") && l.Contains(",4096,")).Select(l => l.Split(',')[2]).ToHashSet();
        Assert.Superset(new HashSet<string> { "niah_single_2", "vt" }, tasks);   // every task's prompts at 4096: RulerEnglishTests
        // The general suite in the checkpoint's tokenizer, at the base window (every budget: GeneralEnglishTests).
        var general = rows.Where(l => l.Contains(",general,") && l.Contains(",4096,")).Select(l => l.Split(',')[2]).ToHashSet();
        Assert.Superset(new HashSet<string> { "heldout_loss", "kv_retrieval", "copy_words", "assignment_chain", "synthetic_mc" }, general);
    }

    /// <summary>suites/general-english.yaml with 3 samples per task and 6 multiple-choice items (as the micro profile's general suite).</summary>
    static string SmallGeneralEnglish(TempFolder folder)
    {
        string path = folder.File("general-english.yaml");
        File.WriteAllText(path, File.ReadAllText(Suites.SuitePaths.GeneralEnglishYaml).Replace("samples: 50", "samples: 3").Replace("count: 300", "count: 6"));
        return path;
    }

    /// <summary>`evaluate` on a tiny random Mistral-shaped checkpoint with Mistral's real tokenizer (folder mistral-tiny, results in r/).</summary>
    static (int Exit, string Error) EvaluateMistralTiny(TempFolder folder, string profile, ScalarType dtype, string runId)
    {
        var config = HuggingFaceFolder.Config("MistralForCausalLM");
        config["vocab_size"] = 32000;
        HuggingFaceFolder.Write(folder.File("mistral-tiny"), config, HuggingFaceFolder.RandomTensors(config, dtype));
        Text.RealTokenizers.Unpack("mistral", folder.File("mistral-tiny"));
        return Run("evaluate", "--model", folder.File("mistral-tiny"), "--profile", profile, "--results", folder.File("r"),
            "--cache", folder.File("c"), "--run-id", runId);
    }

    [Fact]
    public void Checkpoints_with_different_tokenizers_are_refused_in_one_line_before_any_work()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base]");
        var config = HuggingFaceFolder.Config("Qwen2ForCausalLM");
        HuggingFaceFolder.Write(folder.File("a"), config, HuggingFaceFolder.RandomTensors(config, ScalarType.Float32));
        HuggingFaceFolder.Write(folder.File("b"), config, HuggingFaceFolder.RandomTensors(config, ScalarType.Float32));
        File.AppendAllText(folder.File("b/tokenizer.json"), " ");

        var (exit, error) = Run("evaluate", "--model", folder.File("a"), "--model", folder.File("b"), "--profile", profile,
            "--results", folder.File("r"), "--cache", folder.File("c"));
        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith($"error: {folder.File("b/tokenizer.json")}: (file): differs from", error.TrimEnd());
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(folder.File("r")));
    }
}
