namespace LongRecipe.Bench.Suites;

/// <summary>
/// Aggregation as RULER: task score per length = mean sample score (2 decimals); per-length average = unweighted mean of
/// task scores. 95% intervals (<see cref="Bootstrap"/>) are added from the samples, rounded like the scores.
/// </summary>
public static class ScoreTable
{
    public const string AverageTask = "average";
    public const string AverageMetric = "mean_of_tasks";

    public static IReadOnlyList<SummaryRow> PerTask(IEnumerable<SampleRecord> records, IReadOnlyDictionary<string, string> metricByTask) =>
        records.GroupBy(r => (r.Task, r.Length))
            .Select(g => new SummaryRow(g.Key.Task, g.Key.Length, metricByTask[g.Key.Task], Math.Round(g.Average(r => r.Score), 2),
                g.Count(), g.Count(r => r.Prediction.Length == 0)))
            .ToList();

    public static IReadOnlyDictionary<int, double> AverageByLength(IEnumerable<SummaryRow> taskRows) =>
        taskRows.Where(r => r.Task != AverageTask).GroupBy(r => r.Length).OrderBy(g => g.Key)
            .ToDictionary(g => g.Key, g => Math.Round(g.Average(r => r.Score), 2));

    /// <summary>One "average" row per length: the mean of the task scores, n = number of tasks, nulls summed.</summary>
    public static IReadOnlyList<SummaryRow> Averages(IReadOnlyList<SummaryRow> taskRows) =>
        AverageByLength(taskRows).Select(pair => new SummaryRow(AverageTask, pair.Key, AverageMetric, pair.Value,
            taskRows.Count(r => r.Length == pair.Key), taskRows.Where(r => r.Length == pair.Key).Sum(r => r.Nulls))).ToList();

    /// <summary>The per-task rows followed by one "average" row per length.</summary>
    public static IReadOnlyList<SummaryRow> WithAverages(IReadOnlyList<SummaryRow> taskRows) => [.. taskRows, .. Averages(taskRows)];

    /// <summary>
    /// Adds the 95% interval to every row that is a mean of sample scores: a task row from its own samples, an "average"
    /// row by the stratified bootstrap over the samples of every task row at its length. Other rows (loss, acc) are
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
            IReadOnlyList<IReadOnlyList<double>>? strata = row.Metric == AverageMetric ? taskRows.Where(r => r.Length == row.Length).Select(Scores).ToList()
                : IsSampleMean(row) ? [Scores(row)] : null;
            if (strata is null) return row;
            var interval = Bootstrap.StratifiedMean(strata, seedFor(row.Task, row.Length));
            return row with { CiLow = Math.Round(interval.Low, 2), CiHigh = Math.Round(interval.High, 2) };
        }).ToList();
    }

    /// <summary>A row whose score is the mean of per-sample scores (a generated-answer metric).</summary>
    public static bool IsSampleMean(SummaryRow row) => MetricNames.All.Contains(row.Metric);
}
