namespace LongRecipe.Bench.Suites;

/// <summary>Aggregation as RULER: task score per length = mean sample score (2 decimals); per-length average = unweighted mean of task scores.</summary>
public static class ScoreTable
{
    public const string AverageTask = "average";

    public static IReadOnlyList<SummaryRow> PerTask(IEnumerable<SampleRecord> records, IReadOnlyDictionary<string, string> metricByTask) =>
        records.GroupBy(r => (r.Task, r.Length))
            .Select(g => new SummaryRow(g.Key.Task, g.Key.Length, metricByTask[g.Key.Task], Math.Round(g.Average(r => r.Score), 2),
                g.Count(), g.Count(r => r.Prediction.Length == 0)))
            .ToList();

    public static IReadOnlyDictionary<int, double> AverageByLength(IEnumerable<SummaryRow> taskRows) =>
        taskRows.Where(r => r.Task != AverageTask).GroupBy(r => r.Length).OrderBy(g => g.Key)
            .ToDictionary(g => g.Key, g => Math.Round(g.Average(r => r.Score), 2));

    /// <summary>The per-task rows followed by one "average" row per length.</summary>
    public static IReadOnlyList<SummaryRow> WithAverages(IReadOnlyList<SummaryRow> taskRows) =>
        [.. taskRows, .. AverageByLength(taskRows).Select(pair => new SummaryRow(AverageTask, pair.Key, "mean_of_tasks", pair.Value,
            taskRows.Count(r => r.Length == pair.Key), taskRows.Where(r => r.Length == pair.Key).Sum(r => r.Nulls)))];
}
