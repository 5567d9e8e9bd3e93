namespace LongRecipe.Bench.Suites;

/// <summary>
/// Aggregation as RULER: task score per length = mean sample score (2 decimals); per-length average = unweighted mean of
/// task scores, over every task ("average") and over the needle-in-a-haystack family ("average_niah", RULER's niah_*
/// tasks, when there are any). 95% intervals (<see cref="Bootstrap"/>) are added from the samples, rounded like the scores.
/// </summary>
public static class ScoreTable
{
    public const string AverageTask = "average";
    public const string NiahAverageTask = "average_niah";
    public const string AverageMetric = "mean_of_tasks";

    /// <summary>Whether <paramref name="task"/> counts in the average row named <paramref name="average"/>.</summary>
    public static bool InAverage(string average, string task) =>
        average == AverageTask || (average == NiahAverageTask && task.StartsWith("niah_", StringComparison.Ordinal));

    public static IReadOnlyList<SummaryRow> PerTask(IEnumerable<SampleRecord> records, IReadOnlyDictionary<string, string> metricByTask) =>
        records.GroupBy(r => (r.Task, r.Length))
            .Select(g => new SummaryRow(g.Key.Task, g.Key.Length, metricByTask[g.Key.Task], Math.Round(g.Average(r => r.Score), 2),
                g.Count(), g.Count(r => r.Prediction.Length == 0)))
            .ToList();

    public static IReadOnlyDictionary<int, double> AverageByLength(IEnumerable<SummaryRow> taskRows) =>
        taskRows.Where(r => r.Metric != AverageMetric).GroupBy(r => r.Length).OrderBy(g => g.Key)
            .ToDictionary(g => g.Key, g => Math.Round(g.Average(r => r.Score), 2));

    /// <summary>Average rows per length (every task, then the NIAH family): mean of the task scores, n = tasks, nulls summed.</summary>
    public static IReadOnlyList<SummaryRow> Averages(IReadOnlyList<SummaryRow> taskRows) =>
        [.. Average(AverageTask, taskRows), .. Average(NiahAverageTask, [.. taskRows.Where(r => InAverage(NiahAverageTask, r.Task))])];

    static IEnumerable<SummaryRow> Average(string name, IReadOnlyList<SummaryRow> rows) =>
        AverageByLength(rows).Select(pair => new SummaryRow(name, pair.Key, AverageMetric, pair.Value,
            rows.Count(r => r.Length == pair.Key), rows.Where(r => r.Length == pair.Key).Sum(r => r.Nulls)));

    /// <summary>The per-task rows followed by one "average" row per length.</summary>
    public static IReadOnlyList<SummaryRow> WithAverages(IReadOnlyList<SummaryRow> taskRows) => [.. taskRows, .. Averages(taskRows)];

    /// <summary>
    /// Adds the 95% interval to every row that is a mean of sample scores: a task row from its own samples, an average
    /// row by the stratified bootstrap over the samples of the task rows it averages at its length. Other rows (loss, acc) are
    /// returned unchanged. <paramref name="samples"/> holds sample scores by (task, length of the task's row);
    /// <paramref name="seedFor"/>(task, length) gives each row's bootstrap seed.
    /// </summary>
    public static IReadOnlyList<SummaryRow> WithIntervals(IReadOnlyList<SummaryRow> rows, ILookup<(string Task, int Length), double> samples,
        Func<string, int, int> seedFor)
    {
        var taskRows = rows.Where(IsSampleMean).ToList();
        IReadOnlyList<double> Scores(SummaryRow row) => [.. samples[(row.Task, row.Length)]];
        return rows.Select(row =>
        {
            IReadOnlyList<IReadOnlyList<double>>? strata = row.Metric == AverageMetric
                ? taskRows.Where(r => r.Length == row.Length && InAverage(row.Task, r.Task)).Select(Scores).ToList()
                : IsSampleMean(row) ? [Scores(row)] : null;
            if (strata is null) return row;
            var interval = Bootstrap.StratifiedMean(strata, seedFor(row.Task, row.Length));
            return row with { CiLow = Math.Round(interval.Low, 2), CiHigh = Math.Round(interval.High, 2) };
        }).ToList();
    }

    /// <summary>A row whose score is the mean of per-sample scores (a generated-answer metric).</summary>
    public static bool IsSampleMean(SummaryRow row) => MetricNames.All.Contains(row.Metric);
}
