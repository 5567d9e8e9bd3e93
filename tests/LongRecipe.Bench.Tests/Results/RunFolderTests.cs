using System.Text.Json;
using LongRecipe.Bench.Results;

namespace LongRecipe.Bench.Tests.Results;

public sealed class RunFolderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public sealed record Summary(string Method, double MeanScore, double Unscored, int Samples, IReadOnlyList<double> ByLength);

    public sealed record Row(string Task, double Score);

    public sealed class TrainingConfig
    {
        public string Name { get; set; } = "";
        public double LearningRate { get; set; }
        public int TargetLength { get; set; }
        public List<string> Stages { get; set; } = [];
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void RunIdIsTheUtcTimestampThenTheName()
    {
        string id = RunFolder.NewRunId("tiny", new DateTime(2026, 11, 25, 15, 30, 0, DateTimeKind.Utc));

        Assert.Equal("20261125-153000-tiny", id);
    }

    [Fact]
    public void RunIdsSortByTime()
    {
        var start = new DateTime(2026, 1, 9, 23, 59, 59, DateTimeKind.Utc);
        var times = new[] { start, start.AddSeconds(1), start.AddDays(1), start.AddYears(1) };

        var ids = times.Select(t => RunFolder.NewRunId("a", t)).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("tiny run")]
    public void UnsafeNamesAreRejected(string name)
    {
        Assert.Throws<ArgumentException>(() => RunFolder.NewRunId(name, DateTime.UtcNow));
        Assert.Throws<ArgumentException>(() => RunFolder.Open(_temp.Path, name));
    }

    [Fact]
    public void FilesCannotEscapeTheRunFolder()
    {
        var run = RunFolder.Open(_temp.Path, "r1");

        Assert.Throws<ArgumentException>(() => run.WriteJson("../outside.json", 1));
        Assert.Equal(Path.Combine(run.Path, "plots", "a.png"), run.FilePath("plots/a.png"));
    }

    [Fact]
    public void SummaryJsonIsIndentedInvariantSnakeCaseAndKeepsNaN()
    {
        var run = RunFolder.Open(_temp.Path, "r1");
        var summary = new Summary("LongRecipe", 0.625, double.NaN, 48, [1.5, 0.25]);

        string path;
        using (CommaDecimalCulture.Use())
        {
            path = run.WriteSummary(summary);
        }

        Assert.Equal(Path.Combine(_temp.Path, "r1", "summary.json"), path);
        string text = File.ReadAllText(path);
        Assert.Contains("\n  \"mean_score\": 0.625,", text);   // snake_case, as every CSV column
        using var json = JsonDocument.Parse(text);
        Assert.Equal("LongRecipe", json.RootElement.GetProperty("method").GetString());
        Assert.Equal(0.625, json.RootElement.GetProperty("mean_score").GetDouble());
        Assert.Equal("NaN", json.RootElement.GetProperty("unscored").GetString());
        Assert.Equal([1.5, 0.25], json.RootElement.GetProperty("by_length").EnumerateArray().Select(e => e.GetDouble()));
        var back = run.ReadJson<Summary>("summary.json");
        Assert.Equal((summary.Method, summary.MeanScore, summary.Samples), (back.Method, back.MeanScore, back.Samples));
        Assert.True(double.IsNaN(back.Unscored));
    }

    [Fact]
    public void ConfigYamlReadsBackToTheSameConfig()
    {
        var run = RunFolder.Open(_temp.Path, "r1");
        var config = new TrainingConfig { Name = "tiny", LearningRate = 1.0 / 3.0, TargetLength = 8192, Stages = ["train", "merge"] };

        string path;
        using (CommaDecimalCulture.Use())
        {
            path = run.WriteConfig(config);
        }

        string text = File.ReadAllText(path);
        Assert.Contains("target_length: 8192", text);
        var back = SnapshotFormats.YamlReader.Deserialize<TrainingConfig>(text);
        Assert.Equal((config.Name, config.LearningRate, config.TargetLength), (back.Name, back.LearningRate, back.TargetLength));
        Assert.Equal(config.Stages, back.Stages);
    }

    [Fact]
    public void JsonLinesHoldOneRecordPerLine()
    {
        var run = RunFolder.Open(_temp.Path, "r1");
        var rows = Enumerable.Range(0, 5).Select(i => new Row($"t\n{i}", i / 7.0)).ToList();

        string path = run.WriteJsonLines("predictions.jsonl", rows);

        Assert.Equal(5, File.ReadAllLines(path).Length);
        Assert.Equal(rows, run.ReadJsonLines<Row>("predictions.jsonl"));
    }

    [Fact]
    public void CsvTablesReadBack()
    {
        var run = RunFolder.Open(_temp.Path, "r1");
        var rows = new[] { new Row("niah", 0.5), new Row("vt", 1.0 / 3.0) };

        run.WriteCsv("scores.csv", rows);

        Assert.Equal(rows, run.ReadCsv<Row>("scores.csv"));
    }

    [Fact]
    public void AnExistingTableSurvivesAWriterThatThrowsMidway()
    {
        var run = RunFolder.Open(_temp.Path, "r1");
        run.WriteCsv("scores.csv", new[] { new Row("old", 1) });
        string before = File.ReadAllText(run.FilePath("scores.csv"));

        IEnumerable<Row> FailingRows()
        {
            for (int i = 0; i < 100_000; i++)
            {
                yield return new Row("new", i); // more than the CSV buffer, so part of it reaches the temp file
            }
            throw new InvalidOperationException("evaluation crashed");
        }

        Assert.Throws<InvalidOperationException>(() => run.WriteCsv("scores.csv", FailingRows()));
        Assert.Equal(before, File.ReadAllText(run.FilePath("scores.csv")));
        Assert.Equal(["scores.csv"], Directory.GetFiles(run.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void CompletedStepsAreRememberedAcrossReopening()
    {
        var run = RunFolder.Open(_temp.Path, "20261125-153000-tiny");
        Assert.False(run.IsComplete("train.longrecipe"));

        run.MarkComplete("train.longrecipe");

        var reopened = RunFolder.Open(_temp.Path, "20261125-153000-tiny");
        Assert.True(reopened.IsComplete("train.longrecipe"));
        Assert.False(reopened.IsComplete("eval.ruler"));
        Assert.Throws<ArgumentException>(() => reopened.MarkComplete("../escape"));
    }
}
