using LongRecipe.Bench.Suites.Ruler;

namespace LongRecipe.Bench.Tests.Suites.Ruler;

public sealed class RulerSuiteLoaderTests
{
    [Fact]
    public void Shipped_suite_has_the_13_ruler_tasks_with_their_families_and_metrics()
    {
        var suite = RulerSuiteLoader.Load(SuitePaths.RulerYaml);
        Assert.Equal(
            ["niah_single_1", "niah_single_2", "niah_single_3", "niah_multikey_1", "niah_multikey_2", "niah_multikey_3",
             "niah_multivalue", "niah_multiquery", "vt", "cwe", "fwe", "qa_1", "qa_2"],
            suite.Tasks.Select(t => t.Name));
        Assert.All(suite.Tasks.Where(t => t.Name.StartsWith("qa")), t => Assert.Equal(LongRecipe.Bench.Suites.Metric.StringMatchPart, t.Metric));
        Assert.All(suite.Tasks.Where(t => !t.Name.StartsWith("qa")), t => Assert.Equal(LongRecipe.Bench.Suites.Metric.StringMatchAll, t.Metric));
        Assert.Equal(new NiahArgs(HaystackKind.Needle, ValueKind.Uuids, ValueKind.Uuids, 1, 1, 1), suite.Tasks.Single(t => t.Name == "niah_multikey_3").Args);
    }

    static ConfigException LoadError(string yaml)
    {
        string path = Path.Combine(Path.GetTempPath(), $"ruler-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        try { return Assert.Throws<ConfigException>(() => RulerSuiteLoader.Load(path)); }
        finally { File.Delete(path); }
    }

    const string Head = "version: 1\nlengths: [256]\nsamples: 2\neffective_length_threshold: 50\n";
    const string Niah = "  - {name: t, family: niah, metric: string_match_all, tokens_to_generate: 8, args: {haystack: noise}}\n";

    [Fact]
    public void Unknown_top_level_key_names_the_key()
    {
        var error = LoadError(Head + "sampels: 3\ntasks:\n" + Niah);
        Assert.Equal("sampels", error.Field);
    }

    [Fact]
    public void Unknown_family_names_the_entry_and_lists_the_known_ones()
    {
        var error = LoadError(Head + "tasks:\n  - {name: t, family: haystack, metric: string_match_all, tokens_to_generate: 8}\n");
        Assert.Equal("tasks[0].family", error.Field);
        Assert.Contains("niah", error.Message);
    }

    [Fact]
    public void Unknown_argument_and_bad_argument_value_name_the_argument()
    {
        Assert.Equal("tasks[0].args.needles",
            LoadError(Head + "tasks:\n  - {name: t, family: niah, metric: string_match_all, tokens_to_generate: 8, args: {needles: 3}}\n").Field);
        var bad = LoadError(Head + "tasks:\n  - {name: t, family: niah, metric: string_match_all, tokens_to_generate: 8, args: {haystack: hay}}\n");
        Assert.Equal("tasks[0].args.haystack", bad.Field);
        Assert.Contains("noise, essay, needle", bad.Message);
    }

    [Fact]
    public void Bad_metric_and_bad_number_are_rejected()
    {
        Assert.Equal("tasks[0].metric", LoadError(Head + "tasks:\n  - {name: t, family: niah, metric: f1, tokens_to_generate: 8}\n").Field);
        Assert.Equal("tasks[0].args.keys",
            LoadError(Head + "tasks:\n  - {name: t, family: niah, metric: string_match_all, tokens_to_generate: 8, args: {keys: many}}\n").Field);
    }

    [Fact]
    public void Malformed_yaml_is_one_config_error_with_a_position()
    {
        var error = LoadError(Head + "tasks: [\n  - {name: t\n");
        Assert.Contains("line", error.Message);
        Assert.StartsWith(error.File, error.Message);
    }

    [Fact]
    public void Unknown_task_name_in_a_selection_is_a_config_error()
    {
        var suite = RulerSuiteLoader.Load(SuitePaths.RulerYaml);
        var error = Assert.Throws<ConfigException>(() => suite.Only(["niah_single_9"]));
        Assert.Contains("unknown task 'niah_single_9'", error.Message);
    }

    [Fact]
    public void Real_qa_dataset_needs_a_path_and_a_missing_file_is_named()
    {
        Assert.Equal("tasks[0].args.path",
            LoadError(Head + "tasks:\n  - {name: q, family: qa, metric: string_match_part, tokens_to_generate: 8, args: {dataset: squad}}\n").Field);

        string path = Path.Combine(Path.GetTempPath(), $"ruler-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Head + "tasks:\n  - {name: q, family: qa, metric: string_match_part, tokens_to_generate: 8, args: {dataset: squad, path: nowhere/dev-v2.0.json}}\n");
        try
        {
            var suite = RulerSuiteLoader.Load(path);
            var error = Assert.Throws<ConfigException>(() => RulerFamilies.Create(suite.Tasks[0], new LongRecipe.Bench.Text.WordTokenizer()));
            Assert.EndsWith(Path.Combine("nowhere", "dev-v2.0.json"), error.File);
            Assert.Contains("not found", error.Message);
        }
        finally { File.Delete(path); }
    }
}
