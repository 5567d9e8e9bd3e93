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
        Assert.InRange(verdict.BlindCells, 1, verdict.ScoreCells - 1);   // the base scores 0 at 512 at every seed: nothing to fail
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
    public void The_seed_bound_is_the_moderated_t_prediction_bound()
    {
        var runs = new[] { WithVtFailing(2), WithVtFailing(12, seed: 8), WithVtFailing(2, seed: 9) }
            .Select((f, i) => RunSnapshot.Load(f.Write(_folder.Path, $"spread-{i}"))).ToList();
        var spread = SeedSpread.Of(runs)!;

        // vt @128 over the seeds: 90, 40, 90 (variance 833.3); its items in the first run: 18 of 20 pass (sampling
        // variance 100² · 0.9 · 0.1 · 20/19 / 20). t at 0.99 with 2 + 4 degrees of freedom is 3.1427.
        double sampling = 100.0 * 100 * 0.9 * 0.1 * 20 / 19 / 20;
        double moderated = (2 * 833.333333 + SeedSpread.PriorDegreesOfFreedom * spread.Lambda("ruler") * sampling) / 6;
        Assert.Equal(220.0 / 3 - 3.142668 * Math.Sqrt(moderated * (1 + 1.0 / 3)), spread.Bound("longrecipe ruler/vt @128", 0.01)!.Value, 3);
        Assert.Null(spread.Bound("longrecipe ruler/no-such-task @128", 0.01));
    }

    [Fact]
    public void Held_out_loss_at_another_seed_is_judged_by_the_seeds_spread_alone()
    {
        // Each seed draws its own held-out documents: the baseline's seeds move the loss by about 0.02 nats.
        static RunFolderFixture Loss(double shift, int seed) => new() { Seed = seed, DocumentLoss = (model, length, document) =>
            2.0 + (length == 512 && model == "base" ? 1 : 0) + document * 0.01 + (model == "full-sequence" && length == 512 ? shift : 0) };
        var near = JudgeLoss(Loss(0.04, 10), Loss(0, 7), Loss(0.02, 8), Loss(-0.01, 9));
        Assert.True(near.Passed, string.Join("\n", near.Regressions));
        var far = JudgeLoss(Loss(0.3, 10), Loss(0, 7), Loss(0.02, 8), Loss(-0.01, 9));
        var regression = Assert.Single(far.Regressions);
        Assert.Equal("full-sequence held-out loss @512", regression.Where);
        Assert.Contains("own documents (seed 10)", regression.Change);
    }

    GateVerdict JudgeLoss(RunFolderFixture run, RunFolderFixture baseline, params RunFolderFixture[] otherSeeds)
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        return RegressionGate.Compare(RunSnapshot.Load(run.Write(_folder.Path, $"run-{tag}")), RunSnapshot.Load(baseline.Write(_folder.Path, $"baseline-{tag}")),
            Settings, [.. otherSeeds.Select((s, i) => RunSnapshot.Load(s.Write(_folder.Path, $"seed-{i}-{tag}")))]);
    }

    [Fact]
    public void Wall_time_and_memory_are_judged_against_the_slowest_and_largest_baseline_seed()
    {
        // 35 s is ×1.75 of the main baseline run's 20 s but ×1.17 of the slowest seed's 30 s.
        var verdict = JudgeLoss(new RunFolderFixture { Seed = 10, FullSequenceWall = 35, PeakRssBytes = 1_400_000_000 },
            new RunFolderFixture(), new RunFolderFixture { Seed = 8, FullSequenceWall = 30, PeakRssBytes = 1_200_000_000 });
        Assert.DoesNotContain(verdict.Regressions, r => r.Check is "time" or "memory");
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
