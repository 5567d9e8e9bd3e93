using LongRecipe.Bench.Suites;

namespace LongRecipe.Bench.Tests.Suites;

public sealed class ScoreTableTests
{
    static SampleRecord Record(string task, int length, int index, double score) =>
        new(task, length, null, index, 0, "h", 10, score > 0 ? "x" : "", ["r"], score);

    static int Seed(string task, int length) => Seeds.Derive(1, task, length);

    [Fact]
    public void Task_rows_get_their_own_bootstrap_and_average_rows_the_stratified_one()
    {
        var records = new List<SampleRecord>();
        for (int i = 0; i < 10; i++)
        {
            records.Add(Record("a", 256, i, 100));
            records.Add(Record("b", 256, i, i < 5 ? 100 : 0));
        }
        var rows = ScoreTable.WithAverages(ScoreTable.PerTask(records, new Dictionary<string, string> { ["a"] = "string_match_all", ["b"] = "string_match_all" }));
        var withIntervals = ScoreTable.WithIntervals(rows, records.ToLookup(r => (r.Task, r.Length), r => r.Score), Seed);

        var a = withIntervals.Single(r => r.Task == "a");
        Assert.Equal((100.0, 100.0), (a.CiLow, a.CiHigh));
        var b = withIntervals.Single(r => r.Task == "b");
        var expected = Bootstrap.Mean(records.Where(r => r.Task == "b").Select(r => r.Score).ToList(), Seed("b", 256));
        Assert.Equal((Math.Round(expected.Low, 2), Math.Round(expected.High, 2)), (b.CiLow, b.CiHigh));
        var average = withIntervals.Single(r => r.Task == ScoreTable.AverageTask);
        Assert.Equal((75.0, 2, 5), (average.Score, average.N, average.Nulls));
        Assert.InRange(average.Score, average.CiLow!.Value, average.CiHigh!.Value);
        // Task a never varies, so the average's spread is about half of task b's (a pooled bootstrap would not be).
        double bWidth = b.CiHigh!.Value - b.CiLow!.Value;
        Assert.InRange(average.CiHigh.Value - average.CiLow.Value, 0.4 * bWidth, 0.6 * bWidth);
    }

    [Fact]
    public void Rows_that_are_not_means_of_sample_scores_get_no_interval()
    {
        SummaryRow[] rows = [new("heldout_loss", 128, "loss", 2.3, 16, 0), new("synthetic_mc", 128, "acc", 0.3, 100, 0)];
        Assert.Equal(rows, ScoreTable.WithIntervals(rows, Array.Empty<double>().ToLookup(_ => ("", 0)), Seed));
    }

    [Fact]
    public void The_niah_average_covers_the_niah_tasks_alone_with_their_own_interval()
    {
        var records = new List<SampleRecord>();
        for (int i = 0; i < 10; i++)
        {
            records.Add(Record("niah_single_1", 128, i, 100));
            records.Add(Record("niah_multikey_2", 128, i, i < 5 ? 100 : 0));
            records.Add(Record("vt", 128, i, 0));
        }
        var metrics = records.Select(r => r.Task).Distinct().ToDictionary(t => t, _ => "string_match_all");
        var rows = ScoreTable.WithIntervals(ScoreTable.WithAverages(ScoreTable.PerTask(records, metrics)),
            records.ToLookup(r => (r.Task, r.Length), r => r.Score), Seed);

        var all = rows.Single(r => r.Task == ScoreTable.AverageTask);
        var niah = rows.Single(r => r.Task == ScoreTable.NiahAverageTask);
        Assert.Equal((50.0, 3), (all.Score, all.N));
        Assert.Equal((75.0, 2), (niah.Score, niah.N));
        Assert.InRange(niah.CiLow!.Value, 50.0, 75.0);   // vt's zeros are not in it
        Assert.DoesNotContain(ScoreTable.Averages([new SummaryRow("vt", 128, "string_match_all", 0, 10, 0)]), r => r.Task == ScoreTable.NiahAverageTask);
    }
}
