using LongRecipe.Bench.Tests.Suites;

namespace LongRecipe.Bench.Tests.Runs;

/// <summary>A whole bench in seconds: a 2-layer model, a 128-token window extended 4×, the shipped methods and suites at small sizes.</summary>
internal static class MicroProfile
{
    /// <summary>Two tasks whose prompts fit the 128-token window (the first RULER length).</summary>
    public const string RulerTasks = "[niah_single_1, qa_1]";

    public static string Write(TempFolder folder, string methods = "[base, full-sequence, pose, rope-yarn, long-reference, longrecipe-alpha-sweep, longrecipe-logit-shift]",
        string extra = "")
    {
        string root = SuitePaths.Root();
        string general = folder.File("general.yaml");
        File.WriteAllText(general, File.ReadAllText(Path.Combine(root, "suites", "general.yaml")).Replace("samples: 50", "samples: 3")
            .Replace("count: 300", "count: 6"));
        string path = folder.File("micro.yaml");
        File.WriteAllText(path, $"""
            name: micro
            seed: 7
            model: {"{"}hidden_size: 32, intermediate_size: 64, layers: 2, heads: 2, key_value_heads: 1{"}"}
            base: {"{"}window: 128, steps: 12, batch_size: 4, learning_rate: 3.0e-3, warmup_steps: 2{"}"}
            target_length: 512
            extension: {"{"}batch_size: 2{"}"}
            methods: {methods}
            methods_dir: {Path.Combine(root, "suites", "methods")}
            loss: {"{"}window_multiples: [1, 4], documents: 2{"}"}
            suites: {"{"}ruler: {Path.Combine(root, "suites", "ruler.yaml")}, general: {general}, ruler_lengths: [128, 256], ruler_tasks: {RulerTasks}, ruler_samples: 4{"}"}
            {extra}
            """);
        return path;
    }
}
