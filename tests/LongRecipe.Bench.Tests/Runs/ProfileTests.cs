using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Tests.Suites;

namespace LongRecipe.Bench.Tests.Runs;

public sealed class ProfileTests
{
    [Fact]
    public void The_shipped_tiny_profile_loads()
    {
        var path = Path.Combine(SuitePaths.Root(), "suites", "profiles", "tiny.yaml");
        var profile = Profile.Load(path);
        Assert.Equal("tiny", profile.Name);
        Assert.True(profile.TargetLength >= 8 * profile.Base.Window);
        Assert.Contains("longrecipe", profile.Methods);
        // The embedding is padded to a multiple of 64 rows, never below the tokenizer's vocabulary.
        Assert.Equal([64, 64, 128, 1536], new[] { 1, 64, 65, 1479 }.Select(v => profile.ModelConfig(v).VocabSize));
    }

    [Theory]
    [InlineData("base: {window: 64, steps: -1}", "base.steps")]
    [InlineData("base: {window: 64, steps: 10, copy_steps: -1}", "base.copy_steps")]
    [InlineData("base: {window: 64, steps: 10, recall_weight: 0.5}", "base.recall_weight")]
    [InlineData("target_length: 100", "target_length")]
    [InlineData("model: {heads: 3}", "model.heads")]
    [InlineData("methods: [base, no-such-method]", "methods[1]")]
    [InlineData("devise: cpu", "devise")]
    [InlineData("suites: {ruler_samples: 0}", "suites.ruler_samples")]
    [InlineData("suites: {ruler_lengths: [256, 512, 1024]}", "suites.ruler_lengths")] // no base window (128)
    [InlineData("suites: {ruler_lengths: [128, 512, 2048]}", "suites.ruler_lengths")] // beyond the target (1024)
    [InlineData("suites: {ruler_lengths: [128, 128, 256]}", "suites.ruler_lengths")]
    [InlineData("suites: {effective_length_threshold: banana}", "suites.effective_length_threshold")]
    [InlineData("extension: {step_fraction: 0}", "extension.step_fraction")]
    [InlineData("extension: {recall_weight: 0.5}", "extension.recall_weight")]
    [InlineData("extension: {rope_scale: pi}", "extension.rope_scale")]
    [InlineData("base:", "base")]                       // a key with no value binds null (found by fuzzing)
    [InlineData("loss: {window_multiples: }", "loss.window_multiples")]
    [InlineData("seeds: 0", "seeds")]
    [InlineData("gate: {alpha: 1.5}", "gate.alpha")]
    [InlineData("gate: {time_tolerance: 0.9}", "gate.time_tolerance")]
    [InlineData("suites: {effective_length_threshold: 100.5}", "suites.effective_length_threshold")]
    [InlineData("methods: [full-sequence, pose]", "suites.effective_length_threshold")] // derived from base, but no base
    public void A_bad_field_is_named_with_its_file(string line, string field)
    {
        using var folder = new TempFolder();
        var path = folder.File("p.yaml");
        File.WriteAllText(path, $"name: p\nmethods_dir: {Path.Combine(SuitePaths.Root(), "suites", "methods")}\n{line}\n");
        var error = Assert.Throws<ConfigException>(() => Profile.Load(path));
        Assert.Equal(path, error.File);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void The_ci_profile_shrinks_every_train_stage_alike_and_keeps_the_budgets_equal()
    {
        var path = Path.Combine(SuitePaths.Root(), "suites", "profiles", "ci.yaml");
        var ci = Profile.Load(path);
        int Steps(string method) => ci.Extension.Scaled(MethodConfigLoader.Load(ci.MethodPath(path, method)))
            .Stages.OfType<TrainStageConfig>().Sum(s => s.Steps);
        Assert.Equal(60, Steps("full-sequence"));   // 300 × 0.2
        Assert.Equal(Steps("full-sequence"), Steps("longrecipe"));   // 290 + 10 → 58 + 2
        Assert.Equal(Steps("full-sequence"), Steps("pose"));
    }

    [Fact]
    public void A_profiles_rope_scale_goes_under_every_trained_method_alike_and_nowhere_else()
    {
        using var folder = new TempFolder();
        var path = Written(folder, "extension: {rope_scale: ntk}", "");
        var profile = Profile.Load(path);
        MethodConfig Method(string name) => profile.Extension.Scaled(MethodConfigLoader.Load(profile.MethodPath(path, name)));
        foreach (string trained in new[] { "full-sequence", "long-reference", "pose", "longrecipe" })
        {
            var plain = MethodConfigLoader.Load(profile.MethodPath(path, trained));
            var stages = Method(trained).Stages;
            Assert.Equal(new RopeScaleStageConfig(RopeScalingKind.Ntk, null), stages[0]);
            Assert.Equal(plain.Stages.Select(s => s.ToString()), stages.Skip(1).Select(s => s.ToString()));
        }
        Assert.Empty(Method("base").Stages);
        Assert.Equal([new RopeScaleStageConfig(RopeScalingKind.Yarn, null)], Method("rope-yarn").Stages);   // training-free: as it is
        var ownRope = Method("pose-repository").Stages;   // its own linear PI, and no second rescaling
        Assert.Equal(RopeScalingKind.Linear, Assert.Single(ownRope.OfType<RopeScaleStageConfig>()).Kind);
    }

    [Fact]
    public void Ruler_lengths_default_to_the_window_doubled_up_to_the_target()
    {
        var tiny = Profile.Load(Path.Combine(SuitePaths.Root(), "suites", "profiles", "tiny.yaml"));
        Assert.Equal([128, 256, 512, 1024], tiny.RulerLengths);
        Assert.Equal([128, 256, 512, 1000], Profile.Ladder(128, 1000));
        Assert.Equal([64, 96], Profile.Ladder(64, 96));
    }

    [Fact]
    public void Given_ruler_lengths_include_the_window_and_are_run_shortest_first()
    {
        using var folder = new TempFolder();
        var path = Written(folder, "", ", ruler_lengths: [1024, 128, 384]");
        Assert.Equal([128, 384, 1024], Profile.Load(path).RulerLengths);
    }

    static Profile LoadSuites(TempFolder folder, string methods, string suites)
    {
        var path = folder.File("p.yaml");
        File.WriteAllText(path, $"name: p\nmethods_dir: {Path.Combine(SuitePaths.Root(), "suites", "methods")}\nmethods: {methods}\n" +
            $"suites: {{ruler: {SuitePaths.RulerYaml}, general: {SuitePaths.GeneralYaml}{suites}}}\n");
        return Profile.Load(path);
    }

    [Fact]
    public void The_effective_length_threshold_defaults_to_the_base_model_and_may_be_a_fixed_score()
    {
        using var folder = new TempFolder();
        Assert.Null(LoadSuites(folder, "[base, pose]", "").Suites.FixedThreshold());
        Assert.Equal(85.6, LoadSuites(folder, "[pose]", ", effective_length_threshold: 85.6").Suites.FixedThreshold());
        Assert.Null(LoadSuites(folder, "[base]", ", effective_length_threshold: base").Suites.FixedThreshold());
    }

    [Fact]
    public void Without_a_ruler_suite_no_threshold_is_needed()
    {
        using var folder = new TempFolder();
        var path = folder.File("p.yaml");
        File.WriteAllText(path, $"name: p\nmethods_dir: {Path.Combine(SuitePaths.Root(), "suites", "methods")}\nmethods: [pose]\n" +
            $"suites: {{ruler: null, general: {SuitePaths.GeneralYaml}}}\n");
        Assert.Null(Profile.Load(path).Suites.Ruler);
    }

    [Fact]
    public void Malformed_yaml_names_the_file_and_line()
    {
        using var folder = new TempFolder();
        var path = folder.File("p.yaml");
        File.WriteAllText(path, "name: p\nbase: {window: [\n");
        var error = Assert.Throws<ConfigException>(() => Profile.Load(path));
        Assert.StartsWith($"{path}: line", error.Message);
    }

    /// <summary>A profile with the shipped methods and suites, <paramref name="lines"/> and more <paramref name="suiteKeys"/> in its suites map.</summary>
    static string Written(TempFolder folder, string lines, string suiteKeys)
    {
        var path = folder.File("p.yaml");
        File.WriteAllText(path, $"name: p\nmethods_dir: {Path.Combine(SuitePaths.Root(), "suites", "methods")}\n{lines}\n" +
            $"suites: {{ruler: {SuitePaths.RulerYaml}, general: {SuitePaths.GeneralYaml}{suiteKeys}}}\n");
        return path;
    }
}
