using LongRecipe.Bench.Gate;
using LongRecipe.Bench.Reports;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Tests.Reports;

namespace LongRecipe.Bench.Tests.Gate;

public sealed class RegressionGateTests : IDisposable
{
    readonly TempFolder _folder = new();
    static readonly Profile.GateSettings Settings = new();

    public void Dispose() => _folder.Dispose();

    GateVerdict Judge(RunFolderFixture run, RunFolderFixture? baseline = null) =>
        RegressionGate.Compare(RunSnapshot.Load(run.Write(_folder.Path, "run")), RunSnapshot.Load((baseline ?? new RunFolderFixture()).Write(_folder.Path, "baseline")), Settings);

    [Fact]
    public void An_identical_run_passes_every_check()
    {
        var verdict = Judge(new RunFolderFixture());
        Assert.True(verdict.Passed, string.Join("\n", verdict.Regressions));
        Assert.True(verdict.Checks > 20);
    }

    [Fact]
    public void A_task_that_newly_fails_most_prompts_is_flagged_with_its_mcnemar_p_value()
    {
        var verdict = Judge(new RunFolderFixture { Passes = (model, task, length, index) => model == "longrecipe" && task == "vt" && length == 128 ? index >= 12 : index % 10 != 0 || length != 128 && model != "base" && index % 2 == 0 });
        var regression = Assert.Single(verdict.Regressions, r => r.Where == "longrecipe ruler/vt @128");
        Assert.Contains("McNemar", regression.Change);
        Assert.True(regression.PValue < 0.01);
        Assert.All(verdict.Regressions, r => Assert.StartsWith("longrecipe ruler/", r.Where));
    }

    [Fact]
    public void A_broad_drop_too_small_for_any_one_task_shows_in_the_pooled_check()
    {
        // Three of twenty prompts newly fail in each task at 128: p = 0.125 per task, but 6 of 40 pooled: p = 0.016.
        var verdict = Judge(new RunFolderFixture
        {
            Passes = (model, task, length, index) => length == 128 ? index % 10 != 0 && !(model == "base" && index is 1 or 2 or 3) : model != "base" && index % 2 == 0,
        });
        var regression = Assert.Single(verdict.Regressions);
        Assert.Equal($"base ruler/{GateCells.AllTasks} @128", regression.Where);
    }

    [Fact]
    public void A_general_task_is_one_cell_whatever_its_samples_prompt_lengths()
    {
        // Ten of twenty prompts newly fail, spread over seven prompt lengths: judged together, not as seven small cells.
        var verdict = Judge(new RunFolderFixture { GeneralPasses = (model, index) => model == "longrecipe" ? index < 5 : index % 4 != 0 });
        var regression = Assert.Single(verdict.Regressions);
        Assert.Equal("longrecipe general/kv_retrieval", regression.Where);
        Assert.Contains("exact McNemar", regression.Change);
    }

    [Fact]
    public void A_drop_smaller_than_the_minimum_effect_is_not_a_regression()
    {
        // One prompt of twenty newly fails: 5 points, under the default 10.
        var verdict = Judge(new RunFolderFixture { Passes = (model, task, length, index) => length == 128 ? index % 10 != 0 && !(model == "base" && task == "vt" && index == 1) : model != "base" && index % 2 == 0 });
        Assert.True(verdict.Passed, string.Join("\n", verdict.Regressions));
    }

    [Fact]
    public void A_rise_in_held_out_loss_over_the_same_documents_is_flagged()
    {
        var verdict = Judge(new RunFolderFixture { DocumentLoss = (model, length, document) => 2.0 + (model == "full-sequence" && length == 512 ? 0.2 : 0) + document * 0.01 + (length == 512 && model == "base" ? 1 : 0) });
        var regression = Assert.Single(verdict.Regressions);
        Assert.Equal("full-sequence held-out loss @512", regression.Where);
    }

    [Fact]
    public void Changed_prompts_and_changed_counters_are_regressions_whatever_the_scores()
    {
        var verdict = Judge(new RunFolderFixture { PromptHash = (task, index) => $"{task}-{index}-v2", FullSequenceTokens = 50_000 });
        Assert.Contains(verdict.Regressions, r => r.Check == "scores" && r.Change.Contains("prompts differ"));
        Assert.Contains(verdict.Regressions, r => r.Check == "counters" && r.Where == "full-sequence stage 0");
    }

    /// <summary>The default fixture with <paramref name="failing"/> of longrecipe's vt prompts at 128 failing (2 by default).</summary>
    static RunFolderFixture WithVtFailing(int failing, int seed = 7) => new()
    {
        Seed = seed,
        Passes = (model, task, length, index) => model == "longrecipe" && task == "vt" && length == 128 ? index >= failing
            : length == 128 ? index % 10 != 0 : model != "base" && index % 2 == 0,
    };

    GateVerdict JudgeAgainstSeeds(RunFolderFixture run, params RunFolderFixture[] otherSeeds) =>
        RegressionGate.Compare(RunSnapshot.Load(run.Write(_folder.Path, "run")), RunSnapshot.Load(WithVtFailing(2).Write(_folder.Path, "baseline")), Settings,
            [.. otherSeeds.Select((s, i) => RunSnapshot.Load(s.Write(_folder.Path, $"seed-{i}")))]);

    [Fact]
    public void A_drop_that_another_baseline_seed_makes_by_itself_is_reported_not_failed()
    {
        // vt @128 fails 2, 12 and 2 prompts of 20 at the baseline's seeds; a run failing 12 is significant against the
        // main seed (McNemar) yet within what a seed alone does.
        var verdict = JudgeAgainstSeeds(WithVtFailing(12), WithVtFailing(12, seed: 8), WithVtFailing(2, seed: 9));
        Assert.True(verdict.Passed, string.Join("\n", verdict.Regressions));
        Assert.Contains(verdict.WithinSeedSpread, d => d.Where == "longrecipe ruler/vt @128" && d.PValue < Settings.Alpha);
        Assert.Equal([7, 8, 9], verdict.BaselineSeeds);
    }

    [Fact]
    public void A_drop_past_every_baseline_seed_fails()
    {
        // The seeds agree within a prompt (2, 3, 1 failing); a run failing 14 lies far past them.
        var verdict = JudgeAgainstSeeds(WithVtFailing(14), WithVtFailing(3, seed: 8), WithVtFailing(1, seed: 9));
        Assert.Contains(verdict.Regressions, r => r.Where == "longrecipe ruler/vt @128");
        Assert.All(verdict.Regressions, r => Assert.StartsWith("longrecipe ruler/", r.Where));
        Assert.Empty(verdict.WithinSeedSpread);
    }

    [Fact]
    public void Wall_time_is_judged_after_dividing_out_the_machines_matmul_rate()
    {
        // Twice the seconds on a machine half as fast: the same work.
        Assert.True(Judge(new RunFolderFixture { FullSequenceWall = 40, MatmulGflops = 50 }).Passed);
        var slower = Judge(new RunFolderFixture { FullSequenceWall = 40, MatmulGflops = 100 });
        Assert.Contains(slower.Regressions, r => r.Check == "time" && r.Where == "full-sequence");
    }

    [Fact]
    public void Peak_memory_fails_only_past_both_the_ratio_and_the_smallest_rise()
    {
        // Baseline 1e9 bytes (954 MiB): ×1.30 is +286 MiB, a regression; ×1.25 and below is not.
        Assert.Contains(Judge(new RunFolderFixture { PeakRssBytes = 1_300_000_000 }).Regressions, r => r.Check == "memory");
        Assert.DoesNotContain(Judge(new RunFolderFixture { PeakRssBytes = 1_240_000_000 }).Regressions, r => r.Check == "memory");
        // ×1.5 of a small run is a rise of 95 MiB: allocator noise, not a regression.
        Assert.DoesNotContain(Judge(new RunFolderFixture { PeakRssBytes = 300_000_000 }, new RunFolderFixture { PeakRssBytes = 200_000_000 }).Regressions,
            r => r.Check == "memory");
    }
}
