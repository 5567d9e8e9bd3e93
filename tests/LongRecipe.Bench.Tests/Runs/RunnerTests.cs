using LongRecipe.Bench.Results;
using LongRecipe.Bench.Training;
using LongRecipe.Bench.Tests.Suites;
using System.Text.Json.Nodes;
using LongRecipe.Bench.Runs;

namespace LongRecipe.Bench.Tests.Runs;

public sealed class RunnerTests
{
    static string Read(string runFolder, string file) => File.ReadAllText(Path.Combine(runFolder, file));

    [Fact]
    public void A_bench_writes_its_results_reuses_the_cached_base_model_and_reruns_bit_identically()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder);
        var progress = new List<StepProgress>();
        var first = Runner.Run(new BenchOptions(profile, folder.File("results"), folder.File("cache"), "first"), _ => { }, progress.Add);
        foreach (var file in new[] { "config.yaml", "summary.json", "loss_by_length.csv", "loss_by_document.csv", "resources.csv", "training_curve.csv",
                     "scores.csv", "samples.csv", "pretraining.json", RunEnvironment.FileName })
            Assert.True(File.Exists(Path.Combine(first.Path, file)), file);
        Assert.False(File.Exists(Path.Combine(first.Path, RunLock.FileName)));
        // Progress: every stage that trains reports each of its steps and ends at its step count; the suites count models.
        Assert.All(progress.GroupBy(p => p.Stage), stage => Assert.Equal(stage.First().Steps, stage.Last().Step));
        Assert.Contains(progress, p => p.Stage.StartsWith("pretrain ", StringComparison.Ordinal));
        Assert.Contains(progress, p => p.Stage == "full-sequence stage 0");
        Assert.Equal(progress.Last(p => p.Stage == "suites and losses").Steps, progress.Count(p => p.Stage == "suites and losses"));
        Assert.True(File.Exists(Path.Combine(first.Path, "suites", "longrecipe-alpha-sweep", "ruler.jsonl")));

        var environment = JsonNode.Parse(Read(first.Path, RunEnvironment.FileName))!;
        Assert.Equal(("cpu", 2, 3), ((string)environment["device"]!, (int)environment["suite_versions"]!["ruler"]!, (int)environment["suite_versions"]!["general"]!));
        // The CPU, as /proc/cpuinfo names it (x86 machines: its model name): reruns are bit-identical on one CPU only.
        if (File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } modelLine)
            Assert.StartsWith(modelLine.Split(':', 2)[1].Trim(), (string)environment["cpu"]!);
        var summary = JsonNode.Parse(Read(first.Path, "summary.json"))!;
        var methods = summary["methods"]!.AsArray();
        Assert.Contains(methods, m => (string)m!["variant"]! == "longrecipe-alpha-sweep@alpha=1");
        JsonNode Method(string name) => methods.Single(m => (string)m!["variant"]! == name)!;
        Assert.Equal(1.0, (double)Method("full-sequence")["flops_vs_full_sequence"]!, 12);
        Assert.InRange((double)Method("longrecipe-alpha-sweep")["flops_vs_full_sequence"]!, 0.05, 0.45);
        Assert.Equal(0.0, (double)Method("base")["flops"]!);
        // The logit-shift variant pays for its reference model and for scoring every source document twice.
        Assert.True((double)Method("longrecipe-logit-shift")["flops"]! > (double)Method("long-reference")["flops"]!);
        // The threshold is the base model's own RULER mean at its window, so the base reaches at least its window.
        var rule = summary["effective_length_rule"]!;
        Assert.Equal("base model at 128", (string)rule["source"]!);
        var baseAtWindow = Method("base")["ruler_by_length"]!["128"]!;
        Assert.Equal((double)baseAtWindow["mean"]!, (double)rule["threshold"]!);
        Assert.InRange((int)Method("base")["effective_length"]!["length"]!, 128, 256);
        Assert.All(methods, m => Assert.All(new[] { "128", "256" }, length =>
        {
            var interval = m!["ruler_by_length"]![length]!;
            Assert.InRange((double)interval["mean"]!, (double)interval["low"]!, (double)interval["high"]!);
        }));
        Assert.Equal("model,suite,task,length,metric,score,n,nulls,ci_low,ci_high", File.ReadLines(Path.Combine(first.Path, "scores.csv")).First());

        var second = Runner.Run(new BenchOptions(profile, folder.File("results"), folder.File("cache"), "second"), _ => { });
        Assert.Single(Directory.GetDirectories(Path.Combine(folder.File("cache"), "base")));
        Assert.Equal(Read(first.Path, "pretraining.json"), Read(second.Path, "pretraining.json"));
        foreach (var file in new[] { "loss_by_length.csv", "scores.csv", "samples.csv", "training_curve.csv" })
            Assert.Equal(Read(first.Path, file), Read(second.Path, file));
    }

    [Fact]
    public void A_profile_of_two_seeds_runs_its_other_seed_under_seeds_and_the_report_gives_both_with_a_t_interval()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base]", extra: "seeds: 2");
        var finished = new List<string>();
        var run = Runner.RunWithSeeds(new BenchOptions(profile, folder.File("results"), folder.File("cache"), "two"), _ => { }, null,
            seedRun => finished.Add(seedRun.Path));

        string other = Path.Combine(run.Path, Runner.SeedsFolder, "seed-1");
        Assert.Equal([other], finished);
        Assert.Equal(1, (int)JsonNode.Parse(Read(other, "summary.json"))!["seed"]!);
        Assert.NotEqual(Read(run.Path, "loss_by_length.csv"), Read(other, "loss_by_length.csv"));   // another seed, another base and documents
        Assert.False(Directory.Exists(Path.Combine(other, Runner.SeedsFolder)));   // a seed's run runs no seeds of its own

        string report = File.ReadAllText(LongRecipe.Bench.Reports.RunReport.Write(run.Path, historyFile: null));
        Assert.Contains("## Across seeds (7, 1)", report);
        Assert.Matches(@"\| base \| [0-9.]+ / [0-9.]+ → \*\*[0-9.]+ ± [0-9.]+\*\*", report);
    }

    [Fact]
    public void Rerunning_a_run_id_resumes_finished_methods_instead_of_retraining_them()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base, full-sequence]");
        var options = new BenchOptions(profile, folder.File("results"), folder.File("cache"), "resumed");
        var first = Runner.Run(options, _ => { });
        var log = new List<string>();
        var again = Runner.Run(options, log.Add);
        Assert.DoesNotContain(log, line => line.Contains("trains", StringComparison.Ordinal));
        Assert.Equal(Read(first.Path, "loss_by_length.csv"), Read(again.Path, "loss_by_length.csv"));
        Assert.Equal(Read(first.Path, "resources.csv"), Read(again.Path, "resources.csv"));
    }

    [Fact]
    public void A_logit_shift_method_without_its_reference_fails_with_a_clear_message()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base, longrecipe-logit-shift]");
        var error = Assert.Throws<ConfigException>(() =>
            Runner.Run(new BenchOptions(profile, folder.File("results"), folder.File("cache")), _ => { }));
        Assert.Equal((profile, "methods[1]"), (error.File, error.Field));
        Assert.Contains("'long-reference'", error.Message);
        Assert.False(Directory.Exists(folder.File("results")), "nothing is written before the configs are known good");
    }

    [Fact]
    public void An_unknown_ruler_task_in_the_profile_is_named_before_any_work()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base]");
        File.WriteAllText(profile, File.ReadAllText(profile).Replace(MicroProfile.RulerTasks, "[vt, niah_single_9]"));
        var error = Assert.Throws<ConfigException>(() => Runner.Run(new BenchOptions(profile, folder.File("results"), folder.File("cache")), _ => { }));
        Assert.Equal((profile, "suites.ruler_tasks[1]"), (error.File, error.Field));
        Assert.Contains("'niah_single_9'", error.Message);
        Assert.False(Directory.Exists(folder.File("results")));
    }

    [Fact]
    public void A_ruler_task_that_does_not_fit_the_base_window_is_named_before_any_work()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base]");
        // Eight 20-token needles cannot fit a 128-token prompt, whatever the haystack.
        string ruler = folder.File("ruler.yaml");
        File.WriteAllText(ruler, File.ReadAllText(SuitePaths.RulerYaml).Replace("keys: 1, values: 2, queries: 1}", "keys: 1, values: 8, queries: 1}"));
        File.WriteAllText(profile, File.ReadAllText(profile).Replace(SuitePaths.RulerYaml, ruler).Replace(MicroProfile.RulerTasks, "[niah_single_1, niah_multivalue]"));
        var error = Assert.Throws<ConfigException>(() => Runner.Run(new BenchOptions(profile, folder.File("results"), folder.File("cache")), _ => { }));
        Assert.Equal((profile, "suites.ruler_tasks"), (error.File, error.Field));
        Assert.Contains("niah_multivalue at length 128", error.Message);
        Assert.False(Directory.Exists(folder.File("results")));
    }

    [Fact]
    public void A_general_task_longer_than_the_base_window_is_named_before_any_work()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base]");
        string general = folder.File("general.yaml");
        File.WriteAllText(general, File.ReadAllText(general).Replace("args: {words: 12}", "args: {words: 200}"));
        var error = Assert.Throws<ConfigException>(() => Runner.Run(new BenchOptions(profile, folder.File("results"), folder.File("cache")), _ => { }));
        Assert.Equal((general, "tasks.copy_words.args"), (error.File, error.Field));
        Assert.False(Directory.Exists(folder.File("results")));
    }

    [Fact]
    public void A_digit_rule_on_text_without_digits_is_named_in_its_method_file_before_any_work()
    {
        using var folder = new TempFolder();
        string methods = Directory.CreateDirectory(folder.File("methods")).FullName;
        File.WriteAllText(Path.Combine(methods, "base.yaml"), "name: base\nstages: []\n");
        File.WriteAllText(Path.Combine(methods, "digits.yaml"), "name: digits\ntraining_fraction: 0.5\nstages:\n" +
            "  - train: {select: {kind: digits, keep_probability: 0}, positions: {kind: longrecipe}, lr: 1.0e-3, steps: 2}\n");
        var profile = MicroProfile.Write(folder, methods: "[base, digits]",
            extra: "corpus: {kinds: [entity-fact], evidence_share: 0.05, repeat_share: 0, task_share: 0}");
        File.WriteAllText(profile, File.ReadAllText(profile).Replace($"methods_dir: {Path.Combine(SuitePaths.Root(), "suites", "methods")}", $"methods_dir: {methods}"));
        var error = Assert.Throws<ConfigException>(() => Runner.Run(new BenchOptions(profile, folder.File("results"), folder.File("cache")), _ => { }));
        Assert.Equal((Path.Combine(methods, "digits.yaml"), "stages[0].train.select"), (error.File, error.Field));
        Assert.False(Directory.Exists(folder.File("results")));
    }

    [Fact]
    public void A_training_length_past_the_target_is_named_in_its_method_file_before_any_work()
    {
        using var folder = new TempFolder();
        string methods = Directory.CreateDirectory(folder.File("methods")).FullName;
        File.WriteAllText(Path.Combine(methods, "base.yaml"), "name: base\nstages: []\n");
        File.WriteAllText(Path.Combine(methods, "long.yaml"),
            "name: long\ntraining_length: 600\nstages:\n  - train: {select: {kind: whole}, positions: {kind: contiguous}, lr: 1.0e-3, steps: 2}\n");
        var profile = MicroProfile.Write(folder, methods: "[base, long]");
        File.WriteAllText(profile, File.ReadAllText(profile).Replace($"methods_dir: {Path.Combine(SuitePaths.Root(), "suites", "methods")}", $"methods_dir: {methods}"));
        var error = Assert.Throws<ConfigException>(() => Runner.Run(new BenchOptions(profile, folder.File("results"), folder.File("cache")), _ => { }));
        Assert.Equal((Path.Combine(methods, "long.yaml"), "stages[0].train.training_length"), (error.File, error.Field));   // the profile's target is 512
        Assert.False(Directory.Exists(folder.File("results")));
    }

    [Fact]
    public void Resuming_a_run_after_its_configuration_changed_is_refused()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base]");
        var options = new BenchOptions(profile, folder.File("results"), folder.File("cache"), "edited");
        Runner.Run(options, _ => { });
        File.AppendAllText(profile, "# edited\n");
        var error = Assert.Throws<ConfigException>(() => Runner.Run(options, _ => { }));
        Assert.Equal((profile, "run_id"), (error.File, error.Field));
    }
}
