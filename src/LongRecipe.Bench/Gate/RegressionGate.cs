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

/// <summary>
/// The gate's findings: <see cref="Regressions"/> fail it; <see cref="WithinSeedSpread"/> are drops the paired tests found
/// that the baseline's other seeds show a run can make by itself (reported, not failed on); <see cref="BlindCells"/> of
/// the <see cref="ScoreCells"/> have a seed bound at or below 0, so no score there can fail them.
/// </summary>
public sealed record GateVerdict(IReadOnlyList<Regression> Regressions, int Checks, IReadOnlyList<Regression> WithinSeedSpread, IReadOnlyList<int> BaselineSeeds,
    int ScoreCells = 0, int BlindCells = 0)
{
    public bool Passed => Regressions.Count == 0;
}

/// <summary>
/// Compares a run with the committed baseline: per model × task × length a paired test on identical prompts (exact
/// McNemar when every score is pass/fail, a paired bootstrap otherwise); held-out loss paired over documents; counted
/// costs exactly; wall time after dividing out each run's matmul rate, and peak memory, within the profile's tolerances.
/// A drop counts only when it is both significant and at least the profile's minimum effect — and, when the baseline
/// holds runs at other seeds, only when the run's cell lies past what another seed reaches (<see cref="SeedSpread"/>).
/// </summary>
public static class RegressionGate
{
    /// <summary>Wall times shorter than this (in the baseline) are too noisy to gate on.</summary>
    public const double MinGatedSeconds = 5;

    /// <param name="otherSeeds">
    /// The baseline's runs of the same profile at other seeds (none: every significant drop fails). A run at a seed other
    /// than the baseline's own is judged on held-out loss by these alone (its documents are its own), or not at all.
    /// </param>
    public static GateVerdict Compare(RunSnapshot run, RunSnapshot baseline, Profile.GateSettings settings, IReadOnlyList<RunSnapshot>? otherSeeds = null)
    {
        var baselines = new List<RunSnapshot> { baseline };
        baselines.AddRange(otherSeeds ?? []);
        var spread = SeedSpread.Of(baselines);
        double cellAlpha = spread is null ? 0 : settings.SeedAlpha / spread.CellCount;   // family-wise over the cells (Bonferroni)
        var found = new List<Regression>();
        var tolerated = new List<Regression>();
        int checks = 0, scoreCells = 0, blindCells = 0;
        void Check(Regression? regression) { checks++; if (regression is not null) found.Add(regression); }

        foreach (string model in baseline.Models)
        {
            if (!run.Models.Contains(model)) { Check(new Regression("model", model, "missing from the run", null)); continue; }
            var now = GateCells.Of(run, model).ToDictionary(c => c.Where);
            foreach (var cell in GateCells.Of(baseline, model))
            {
                double? seedBound = spread?.Bound(cell.Where, cellAlpha);
                if (cell.Kind == CellKind.Loss && run.Summary.Seed != baseline.Summary.Seed)
                {
                    // Held-out documents are drawn from the run's own seed: nothing to pair, only the seeds' spread to judge by.
                    if (seedBound is double limit && now.GetValueOrDefault(cell.Where) is { } other)
                        Check(other.Mean > limit && other.Mean - cell.Mean >= settings.MinLossRise
                            ? new Regression("loss", cell.Where, $"{cell.Mean:F3} → {other.Mean:F3} nats/token on the run's own documents (seed {run.Summary.Seed}), " +
                                                                 $"past the seeds' bound {limit:F3}", null)
                            : null);
                    continue;
                }
                if (cell.Kind == CellKind.Scores && seedBound is double floor)
                {
                    scoreCells++;
                    if (floor <= 0) blindCells++;
                }
                var regression = Judge(cell, now.GetValueOrDefault(cell.Where), settings, run.Summary.Seed);
                if (regression?.PValue is not null && seedBound is double bound)
                {
                    bool within = cell.Kind == CellKind.Loss ? now[cell.Where].Mean <= bound : now[cell.Where].Mean >= bound;
                    regression = regression with { Change = regression.Change + $"; {(within ? "within" : "past")} the seeds' bound {bound.ToString(cell.Kind == CellKind.Loss ? "F3" : "F1", CultureInfo.InvariantCulture)}" };
                    if (within) { tolerated.Add(regression); regression = null; }
                }
                Check(regression);
            }
        }
        foreach (var regression in Counters(run, baseline)) Check(regression);
        foreach (var regression in Resources(run, baselines, settings)) Check(regression);
        return new GateVerdict(found, checks, tolerated, spread?.Seeds ?? [baseline.Summary.Seed], scoreCells, blindCells);
    }

    static Regression? Judge(GateCell before, GateCell? after, Profile.GateSettings settings, int seed)
    {
        var now = after?.Items.ToDictionary(i => i.Key);
        var pairs = before.Items.Select(b => (Base: b, Now: now?.GetValueOrDefault(b.Key))).ToList();
        string check = before.Kind == CellKind.Loss ? "loss" : "scores";
        if (pairs.Any(p => p.Now is null))
            return new Regression(check, before.Where, (before.Kind == CellKind.Loss ? "documents" : "samples") + " missing from the run", null);
        if (pairs.Any(p => p.Now!.PromptHash != p.Base.PromptHash))
            return new Regression(check, before.Where, "prompts differ from the baseline's (suite or tokenizer changed): accept a new baseline with `make baseline`", null);
        if (before.Kind == CellKind.Loss)
        {
            var rises = pairs.Select(p => p.Now!.Value - p.Base.Value).ToList();   // a rise in loss is a drop in quality
            double rise = rises.Average();
            double p = PairedTests.BootstrapWorse(rises, Seeds.Derive(seed, "gate", before.Where));
            return rise >= settings.MinLossRise && p < settings.Alpha
                ? new Regression(check, before.Where, $"{before.Mean:F3} → {after!.Mean:F3} nats/token (paired bootstrap over {pairs.Count} documents)", p)
                : null;
        }
        if (pairs.All(p => p.Base.Value is 0 or 100 && p.Now!.Value is 0 or 100))
        {
            int worse = pairs.Count(p => p.Base.Value > p.Now!.Value), better = pairs.Count(p => p.Base.Value < p.Now!.Value);
            double p = PairedTests.McNemarWorse(worse, better);
            return 100.0 * (worse - better) / pairs.Count >= settings.MinScoreDrop && p < settings.Alpha
                ? new Regression(check, before.Where, $"{before.Mean:F1} → {after!.Mean:F1} ({worse} items newly failed, {better} newly passed; exact McNemar)", p)
                : null;
        }
        var drops = pairs.Select(p => p.Base.Value - p.Now!.Value).ToList();
        double pValue = PairedTests.BootstrapWorse(drops, Seeds.Derive(seed, "gate", before.Where));
        return drops.Average() >= settings.MinScoreDrop && pValue < settings.Alpha
            ? new Regression(check, before.Where, $"{before.Mean:F1} → {after!.Mean:F1} (paired bootstrap)", pValue)
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

    /// <summary>
    /// Wall time in units of the run's own matmul speed (seconds × GFLOP/s), and peak RSS, as ratios to the slowest and
    /// largest of the baseline's runs (one per seed).
    /// </summary>
    static IEnumerable<Regression?> Resources(RunSnapshot run, IReadOnlyList<RunSnapshot> baselines, Profile.GateSettings settings)
    {
        if (run.Environment is not { } now || baselines.Any(b => b.Environment is null)) yield break;
        foreach (var b in baselines[0].Summary.Methods.Where(m => m.Variant == m.Method && m.WallSeconds >= MinGatedSeconds))
        {
            if (run.Summary.Methods.FirstOrDefault(m => m.Variant == b.Variant) is not { } r) continue;
            var accepted = baselines.Select(s => (Run: s, Method: s.Summary.Methods.FirstOrDefault(m => m.Variant == b.Variant))).Where(s => s.Method is not null).ToList();
            var slowest = accepted.MaxBy(s => s.Method!.WallSeconds * s.Run.Environment!.MatmulGflopsPerSecond);
            double speed = now.MatmulGflopsPerSecond / slowest.Run.Environment!.MatmulGflopsPerSecond;
            double time = r.WallSeconds * speed / slowest.Method!.WallSeconds;
            yield return time <= settings.TimeTolerance ? null
                : new Regression("time", b.Method, $"calibrated wall time ×{time:F2} ({slowest.Method.WallSeconds:F1} s → {r.WallSeconds:F1} s; matmul rate ×{speed:F2}; tolerance ×{settings.TimeTolerance:F2})", null);
            long largest = accepted.Max(s => s.Method!.PeakRssBytes);
            double memory = (double)r.PeakRssBytes / largest;
            double riseMib = (r.PeakRssBytes - largest) / 1048576.0;
            yield return memory <= settings.MemoryTolerance || riseMib < settings.MinMemoryRiseMib ? null
                : new Regression("memory", b.Method, $"peak RSS ×{memory:F2} ({largest / 1048576.0:F0} → {r.PeakRssBytes / 1048576.0:F0} MiB; " +
                                 $"tolerance ×{settings.MemoryTolerance:F2} and +{settings.MinMemoryRiseMib:F0} MiB)", null);
        }
    }
}
