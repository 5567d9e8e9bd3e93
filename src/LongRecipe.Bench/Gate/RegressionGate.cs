using System.Globalization;
using LongRecipe.Bench.Reports;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Suites;

namespace LongRecipe.Bench.Gate;

/// <summary>One thing that got worse: what, where, by how much, and the test's p-value when a test decided it.</summary>
public sealed record Regression(string Check, string Where, string Change, double? PValue)
{
    public override string ToString() =>
        $"{Check} {Where}: {Change}" + (PValue is double p ? $" (p = {p.ToString("0.####", CultureInfo.InvariantCulture)})" : "");
}

public sealed record GateVerdict(IReadOnlyList<Regression> Regressions, int Checks)
{
    public bool Passed => Regressions.Count == 0;
}

/// <summary>
/// Compares a run with the committed baseline: per model × task × length a paired test on identical prompts (exact
/// McNemar when every score is pass/fail, a paired bootstrap otherwise); held-out loss paired over documents; counted
/// costs exactly; wall time after dividing out each run's matmul rate, and peak memory, within the profile's tolerances.
/// A drop counts only when it is both significant and at least the profile's minimum effect.
/// </summary>
public static class RegressionGate
{
    /// <summary>Wall times shorter than this (in the baseline) are too noisy to gate on.</summary>
    public const double MinGatedSeconds = 5;

    /// <summary>The task name of a suite's pooled check at one length.</summary>
    public const string AllTasks = "all-tasks";

    public static GateVerdict Compare(RunSnapshot run, RunSnapshot baseline, Profile.GateSettings settings)
    {
        var found = new List<Regression>();
        int checks = 0;
        void Check(Regression? regression) { checks++; if (regression is not null) found.Add(regression); }

        foreach (string model in baseline.Models)
        {
            if (!run.Models.Contains(model)) { Check(new Regression("model", model, "missing from the run", null)); continue; }
            foreach (string suite in new[] { SuiteEvaluation.RulerSuite, SuiteEvaluation.GeneralSuite })
            {
                // RULER samples are cells of (task, length); a general task's samples each have their own prompt length
                // but all run at the base window, so the task alone is the cell.
                int Cell(SampleRecord r) => suite == SuiteEvaluation.RulerSuite ? r.Length : 0;
                var now = run.Samples(model, suite).ToDictionary(r => (r.Task, Cell(r), r.Index));
                var before = baseline.Samples(model, suite);
                SampleRecord? Match(SampleRecord b) => now.GetValueOrDefault((b.Task, Cell(b), b.Index));
                foreach (var cell in before.GroupBy(r => (r.Task, Length: Cell(r))))
                    Check(Scores(model, suite, cell.Key.Task, cell.Key.Length, [.. cell.Select(b => (b, Match(b)))], settings, run.Summary.Seed));
                // Every task of a length pooled: ten samples per task only show large drops; the pool shows a broad one.
                foreach (var length in before.GroupBy(Cell).Where(g => g.Select(r => r.Task).Distinct().Count() > 1))
                    Check(Scores(model, suite, AllTasks, length.Key, [.. length.Select(b => (b, Match(b)))], settings, run.Summary.Seed));
            }
            var choices = run.Choices(model).ToDictionary(c => (c.Task, c.Index));
            foreach (var task in baseline.Choices(model).GroupBy(c => c.Task))
            {
                var pairs = task.Select(b => (Base: b.Acc, Now: choices.GetValueOrDefault((b.Task, b.Index))?.Acc)).ToList();
                if (pairs.Any(p => p.Now is null)) { Check(new Regression("choices", $"{model} {task.Key}", "items missing from the run", null)); continue; }
                Check(PassFail(model, SuiteEvaluation.GeneralSuite, task.Key, "acc", [.. pairs.Select(p => (p.Base, p.Now!.Value))], settings));
            }
            var losses = run.DocumentLosses.Where(l => l.Method == model).ToDictionary(l => (l.Length, l.Document));
            foreach (var length in baseline.DocumentLosses.Where(l => l.Method == model).GroupBy(l => l.Length))
                Check(Loss(model, length.Key, [.. length.Select(b => (b.Loss, losses.GetValueOrDefault((length.Key, b.Document))?.Loss))], settings, run.Summary.Seed));
        }
        foreach (var regression in Counters(run, baseline)) Check(regression);
        foreach (var regression in Resources(run, baseline, settings)) Check(regression);
        return new GateVerdict(found, checks);
    }

    static Regression? Scores(string model, string suite, string task, int length, List<(SampleRecord Base, SampleRecord? Now)> pairs,
        Profile.GateSettings settings, int seed)
    {
        string where = $"{model} {suite}/{task}" + (length > 0 ? $" @{length}" : "");
        if (pairs.Any(p => p.Now is null)) return new Regression("scores", where, "samples missing from the run", null);
        if (pairs.Any(p => p.Now!.PromptHash != p.Base.PromptHash))
            return new Regression("scores", where, "prompts differ from the baseline's (suite or tokenizer changed): accept a new baseline with `make baseline`", null);
        if (pairs.All(p => p.Base.Score is 0 or 100 && p.Now!.Score is 0 or 100))
            return PassFail(model, suite, task, length > 0 ? $"@{length}" : "", [.. pairs.Select(p => (p.Base.Score == 100, p.Now!.Score == 100))], settings);
        var drops = pairs.Select(p => p.Base.Score - p.Now!.Score).ToList();
        double drop = drops.Average();
        double pValue = PairedTests.BootstrapWorse(drops, Seeds.Derive(seed, "gate", model, suite, task, length));
        return drop >= settings.MinScoreDrop && pValue < settings.Alpha
            ? new Regression("scores", where, $"{pairs.Average(p => p.Base.Score):F1} → {pairs.Average(p => p.Now!.Score):F1} (paired bootstrap)", pValue)
            : null;
    }

    static Regression? PassFail(string model, string suite, string task, string at, List<(bool Base, bool Now)> pairs, Profile.GateSettings settings)
    {
        int worse = pairs.Count(p => p.Base && !p.Now), better = pairs.Count(p => !p.Base && p.Now);
        double drop = 100.0 * (worse - better) / pairs.Count;
        double pValue = PairedTests.McNemarWorse(worse, better);
        return drop >= settings.MinScoreDrop && pValue < settings.Alpha
            ? new Regression("scores", $"{model} {suite}/{task} {at}".TrimEnd(),
                $"{100.0 * pairs.Count(p => p.Base) / pairs.Count:F1} → {100.0 * pairs.Count(p => p.Now) / pairs.Count:F1} ({worse} items newly failed, {better} newly passed; exact McNemar)", pValue)
            : null;
    }

    static Regression? Loss(string model, int length, List<(double Base, double? Now)> pairs, Profile.GateSettings settings, int seed)
    {
        string where = $"{model} held-out loss @{length}";
        if (pairs.Any(p => p.Now is null)) return new Regression("loss", where, "documents missing from the run", null);
        var drops = pairs.Select(p => p.Now!.Value - p.Base).ToList();   // a rise in loss is a drop in quality
        double rise = drops.Average();
        double pValue = PairedTests.BootstrapWorse(drops, Seeds.Derive(seed, "gate", model, "loss", length));
        return rise >= settings.MinLossRise && pValue < settings.Alpha
            ? new Regression("loss", where, $"{pairs.Average(p => p.Base):F3} → {pairs.Average(p => p.Now!.Value):F3} nats/token (paired bootstrap over {pairs.Count} documents)", pValue)
            : null;
    }

    /// <summary>Steps, tokens and FLOPs are counted, not measured: any difference is a change of budget and must be accepted explicitly.</summary>
    static IEnumerable<Regression?> Counters(RunSnapshot run, RunSnapshot baseline)
    {
        var (p, q) = (baseline.Summary.Pretraining, run.Summary.Pretraining);
        yield return (p?.Steps, p?.Tokens, p?.Flops) == (q?.Steps, q?.Tokens, q?.Flops) ? null
            : new Regression("counters", "pretraining", $"steps/tokens/FLOPs {p?.Steps}/{p?.Tokens}/{p?.Flops:E3} → {q?.Steps}/{q?.Tokens}/{q?.Flops:E3}", null);
        var now = run.Resources.ToDictionary(r => (r.Method, r.Stage));
        foreach (var b in baseline.Resources)
            yield return now.GetValueOrDefault((b.Method, b.Stage)) is not { } r
                ? new Regression("counters", $"{b.Method} stage {b.Stage}", "missing from the run", null)
                : (r.Steps, r.Tokens, r.Flops, r.SequenceLength) == (b.Steps, b.Tokens, b.Flops, b.SequenceLength) ? null
                : new Regression("counters", $"{b.Method} stage {b.Stage}",
                    $"steps/tokens/FLOPs/length {b.Steps}/{b.Tokens}/{b.Flops:E3}/{b.SequenceLength} → {r.Steps}/{r.Tokens}/{r.Flops:E3}/{r.SequenceLength}", null);
    }

    /// <summary>Wall time in units of the run's own matmul speed (seconds × GFLOP/s), and peak RSS, as ratios to the baseline.</summary>
    static IEnumerable<Regression?> Resources(RunSnapshot run, RunSnapshot baseline, Profile.GateSettings settings)
    {
        if (run.Environment is not { } now || baseline.Environment is not { } then) yield break;
        double speed = now.MatmulGflopsPerSecond / then.MatmulGflopsPerSecond;
        foreach (var b in baseline.Summary.Methods.Where(m => m.Variant == m.Method && m.WallSeconds >= MinGatedSeconds))
        {
            if (run.Summary.Methods.FirstOrDefault(m => m.Variant == b.Variant) is not { } r) continue;
            double time = r.WallSeconds * speed / b.WallSeconds;
            yield return time <= settings.TimeTolerance ? null
                : new Regression("time", b.Method, $"calibrated wall time ×{time:F2} ({b.WallSeconds:F1} s → {r.WallSeconds:F1} s; matmul rate ×{speed:F2}; tolerance ×{settings.TimeTolerance:F2})", null);
            double memory = (double)r.PeakRssBytes / b.PeakRssBytes;
            double riseMib = (r.PeakRssBytes - b.PeakRssBytes) / 1048576.0;
            yield return memory <= settings.MemoryTolerance || riseMib < settings.MinMemoryRiseMib ? null
                : new Regression("memory", b.Method, $"peak RSS ×{memory:F2} ({b.PeakRssBytes / 1048576.0:F0} → {r.PeakRssBytes / 1048576.0:F0} MiB; " +
                                 $"tolerance ×{settings.MemoryTolerance:F2} and +{settings.MinMemoryRiseMib:F0} MiB)", null);
        }
    }
}
