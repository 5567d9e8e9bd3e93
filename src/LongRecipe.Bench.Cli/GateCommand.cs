using System.CommandLine;
using LongRecipe.Bench.Gate;
using LongRecipe.Bench.Reports;
using LongRecipe.Bench.Runs;

namespace LongRecipe.Bench.Cli;

/// <summary>`gate` compares a run with the committed baseline; `baseline` accepts a run as the new one, explicitly.</summary>
internal static class GateCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run-folder") { Description = "The finished run to judge." };
        var baseline = new Option<string>("--baseline") { Description = "Baseline folder.", DefaultValueFactory = _ => "results/baseline" };
        var profile = new Option<string>("--profile") { Description = "Profile whose gate settings apply.", DefaultValueFactory = _ => "suites/profiles/ci.yaml" };
        var command = new Command("gate", "Exit 1 when the run regressed against the baseline (paired tests, exact counters, calibrated time and memory).")
        {
            run, baseline, profile,
        };
        command.SetAction(parse =>
        {
            var settings = Profile.Load(parse.GetValue(profile)!).Gate;
            string baselineFolder = parse.GetValue(baseline)!;
            var snapshot = RunSnapshot.Load(parse.GetValue(run)!);
            var verdict = RegressionGate.Compare(snapshot, RunSnapshot.Load(baselineFolder), settings, Baseline.OtherSeeds(baselineFolder));
            var origin = Baseline.Origin(baselineFolder);
            string against = (origin is null ? baselineFolder : $"baseline {origin.RunId} (commit {Short(origin.Commit)}, {origin.ProcessorCount} cores{(origin.Cpu is null ? "" : ", " + origin.Cpu)})")
                             + $", seeds {string.Join(" ", verdict.BaselineSeeds)}";
            if (origin is not null && snapshot.Environment?.Cpu is { } cpu && origin.Cpu != cpu)
                Console.WriteLine((origin.Cpu is null ? $"gate: the baseline does not record its CPU (this run's: {cpu}); on another CPU"
                                      : $"gate: this run's CPU ({cpu}) is not the baseline's ({origin.Cpu}):") +
                                  " cells the change did not touch can move too (kernels round differently); the seed checks below cover such moves");
            if (verdict.ScoreCells > 0)
                Console.WriteLine($"gate: {verdict.BlindCells} of {verdict.ScoreCells} score cells cannot fail: another seed alone reaches 0 there (seed alpha {settings.SeedAlpha}, family-wise)");
            if (verdict.WithinSeedSpread.Count > 0)
            {
                Console.WriteLine($"gate: {verdict.WithinSeedSpread.Count} significant drop(s) within what another seed reaches (seed alpha {settings.SeedAlpha}, family-wise; not failed on):");
                foreach (var drop in verdict.WithinSeedSpread) Console.WriteLine("  " + drop);
            }
            if (verdict.Passed)
            {
                Console.WriteLine($"gate: all clear, {verdict.Checks} checks against {against}");
                return CommandErrors.Ok;
            }
            Console.WriteLine($"gate: {verdict.Regressions.Count} regression(s) in {verdict.Checks} checks against {against} " +
                              $"(alpha {settings.Alpha}, min score drop {settings.MinScoreDrop}, min loss rise {settings.MinLossRise}):");
            foreach (var regression in verdict.Regressions) Console.WriteLine("  " + regression);
            Console.WriteLine("If the change is intended, accept a new baseline explicitly: make baseline");
            return CommandErrors.Failed;
        });
        return command;
    }

    public static Command CreateBaseline()
    {
        var runs = new Argument<string[]>("run-folders") { Description = "The finished run to accept, then runs of its profile at other seeds.", Arity = ArgumentArity.OneOrMore };
        var baseline = new Option<string>("--baseline") { Description = "Baseline folder to replace.", DefaultValueFactory = _ => "results/baseline" };
        var command = new Command("baseline", "Accept finished runs as the gate's baseline (replaces the folder; records commit, machine and seeds).") { runs, baseline };
        command.SetAction(parse =>
        {
            string[] folders = parse.GetValue(runs)!;
            var origin = Baseline.Accept(folders[0], folders[1..], parse.GetValue(baseline)!, DateTime.UtcNow);
            Console.WriteLine($"baseline: accepted {origin.RunId} (commit {Short(origin.Commit)}, seeds {string.Join(" ", origin.Seeds ?? [])}) " +
                              $"into {parse.GetValue(baseline)}; commit it to gate on it");
            return CommandErrors.Ok;
        });
        return command;
    }

    static string Short(string commit) => commit.Length >= 40 ? commit[..12] + commit[40..] : commit;
}
