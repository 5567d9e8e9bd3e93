using LongRecipe.Bench.Reports;
using LongRecipe.Bench.Runs;

namespace LongRecipe.Bench.Gate;

/// <summary>How a cell's items are scored: 0..100 per prompt (pass/fail when every score is 0 or 100), or nats of loss per document.</summary>
public enum CellKind { Scores, Loss }

/// <summary>One item of a cell (a prompt, a multiple-choice item, a held-out document), matched across runs by its key.</summary>
public sealed record GateItem(string Key, double Value, string? PromptHash = null);

/// <summary>
/// One gated cell of a run: <see cref="Where"/> names it in the gate's report and matches it across runs;
/// <see cref="Family"/> (ruler, general, choices, loss) groups cells whose seed noise is alike; a <see cref="Pooled"/>
/// cell repeats the items of its suite's other cells at that length.
/// </summary>
public sealed record GateCell(string Model, CellKind Kind, string Family, string Where, IReadOnlyList<GateItem> Items, bool Pooled = false)
{
    public double Mean => Items.Average(i => i.Value);

    /// <summary>Every item scored alike (all passed, all failed): the cell's item spread says nothing of its noise.</summary>
    public bool Uniform => Items.All(i => i.Value == Items[0].Value);

    /// <summary>
    /// The sampling variance of <see cref="Mean"/> over its items; for scores at least that of one half-item in n
    /// (a cell every prompt passes still has the noise of its n prompts).
    /// </summary>
    public double SamplingVariance
    {
        get
        {
            int n = Items.Count;
            double mean = Mean;
            double variance = n < 2 ? 0 : Items.Sum(i => (i.Value - mean) * (i.Value - mean)) / (n - 1);
            double half = 0.5 / n;
            return Kind == CellKind.Loss ? variance / n : Math.Max(variance, 100 * 100 * half * (1 - half)) / n;
        }
    }
}

/// <summary>
/// The cells a run is gated on, listed once for the gate and for the baseline's seed spread: per model, each RULER
/// task × length and all tasks of a length pooled; each general task (its samples all run at the base window, so the
/// task alone is the cell) and the general tasks pooled; each multiple-choice task; held-out loss per length.
/// </summary>
public static class GateCells
{
    /// <summary>The task name of a suite's pooled cell at one length.</summary>
    public const string AllTasks = "all-tasks";

    public static IEnumerable<GateCell> Of(RunSnapshot run, string model)
    {
        foreach (string suite in new[] { SuiteEvaluation.RulerSuite, SuiteEvaluation.GeneralSuite })
        {
            var samples = run.Samples(model, suite);
            int Length(Suites.SampleRecord r) => suite == SuiteEvaluation.RulerSuite ? r.Length : 0;
            string Where(string task, int length) => $"{model} {suite}/{task}" + (length > 0 ? $" @{length}" : "");
            GateItem Item(Suites.SampleRecord r) => new($"{r.Task}/{Length(r)}/{r.Index}", r.Score, r.PromptHash);
            foreach (var cell in samples.GroupBy(r => (r.Task, Length: Length(r))))
                yield return new GateCell(model, CellKind.Scores, suite, Where(cell.Key.Task, cell.Key.Length), [.. cell.Select(Item)]);
            // Ten samples per task show only large drops; every task of a length pooled shows a broad one.
            foreach (var length in samples.GroupBy(Length).Where(g => g.Select(r => r.Task).Distinct().Count() > 1))
                yield return new GateCell(model, CellKind.Scores, suite, Where(AllTasks, length.Key), [.. length.Select(Item)], Pooled: true);
        }
        foreach (var task in run.Choices(model).GroupBy(c => c.Task))
            yield return new GateCell(model, CellKind.Scores, "choices", $"{model} {SuiteEvaluation.GeneralSuite}/{task.Key} acc",
                [.. task.Select(c => new GateItem(c.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Acc ? 100 : 0))]);
        foreach (var length in run.DocumentLosses.Where(l => l.Method == model).GroupBy(l => l.Length))
            yield return new GateCell(model, CellKind.Loss, "loss", $"{model} held-out loss @{length.Key}",
                [.. length.Select(l => new GateItem(l.Document.ToString(System.Globalization.CultureInfo.InvariantCulture), l.Loss))]);
    }

    public static IEnumerable<GateCell> Of(RunSnapshot run) => run.Models.SelectMany(model => Of(run, model));
}
