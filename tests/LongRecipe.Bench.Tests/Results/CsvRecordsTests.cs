using System.Globalization;
using LongRecipe.Bench.Results;

namespace LongRecipe.Bench.Tests.Results;

public sealed class CsvRecordsTests
{
    public enum Method { Base, LongRecipe }

    public sealed record ScoreRow(string Task, int Length, Method Method, double Score, long Tokens, bool Passed, double? Loss);

    public sealed class MutableRow
    {
        public string Name { get; set; } = "";
        public double Value { get; set; }
    }

    private static readonly double[] AwkwardDoubles =
    [
        0.1, 1.0 / 3.0, -0.0, 1e-300, double.Epsilon, double.MaxValue, -1234567.890123, double.NaN,
        double.PositiveInfinity, double.NegativeInfinity, 5e-5,
    ];

    [Fact]
    public void RoundTripsEveryValueExactlyUnderACommaDecimalCulture()
    {
        using var temp = new TempFolder();
        var rows = AwkwardDoubles.Select((d, i) => new ScoreRow($"niah_{i}", 1024 << i, (Method)(i % 2), d, 1L << (30 + i), i % 3 == 0,
            i % 4 == 0 ? null : -d)).ToList();
        string path = temp.File("scores.csv");

        using (CommaDecimalCulture.Use())
        {
            Assert.Equal("0,5", 0.5.ToString()); // the culture really is hostile, so the test can fail
            AtomicFile.WriteText(path, writer => CsvRecords.Write(writer, rows));
            var read = CsvRecords.Read<ScoreRow>(path);

            Assert.Equal(rows, read);
            Assert.Equal(rows.Select(r => BitConverter.DoubleToInt64Bits(r.Score)), read.Select(r => BitConverter.DoubleToInt64Bits(r.Score)));
        }
        var scores = CsvRecords.ReadRows(path).Rows.Select(r => r[3]).ToList();
        Assert.Equal(("0.1", "-0", "NaN", "Infinity"), (scores[0], scores[2], scores[7], scores[8]));
        Assert.Equal(rows.Count, scores.Count);
    }

    [Fact]
    public void HeaderIsThePropertyNamesInSnakeCaseInDeclarationOrder()
    {
        using var temp = new TempFolder();
        string path = temp.File("scores.csv");

        AtomicFile.WriteText(path, writer => CsvRecords.Write(writer, new[] { new ScoreRow("qa", 4096, Method.LongRecipe, 0.25, 7, false, null) }));
        var (header, rows) = CsvRecords.ReadRows(path);

        Assert.Equal(["task", "length", "method", "score", "tokens", "passed", "loss"], header);
        Assert.Equal(["qa", "4096", "LongRecipe", "0.25", "7", "false", ""], rows.Single());
    }

    public sealed record IntervalRow(string TaskName, double CiLow, double CiHigh, int N);

    [Fact]
    public void MultiWordNamesAreSnakeCaseAndReadBack()
    {
        using var temp = new TempFolder();
        string path = temp.File("intervals.csv");
        var row = new IntervalRow("niah_single_1", 12.5, 40, 10);

        AtomicFile.WriteText(path, writer => CsvRecords.Write(writer, new[] { row }));

        Assert.Equal(["task_name", "ci_low", "ci_high", "n"], CsvRecords.ReadRows(path).Header);
        Assert.Equal(row, CsvRecords.Read<IntervalRow>(path).Single());
    }

    [Fact]
    public void AnEmptyTableIsJustTheHeader()
    {
        using var temp = new TempFolder();
        string path = temp.File("empty.csv");

        AtomicFile.WriteText(path, writer => CsvRecords.Write(writer, Array.Empty<MutableRow>()));

        Assert.Equal("name,value\n", File.ReadAllText(path));
        Assert.Empty(CsvRecords.Read<MutableRow>(path));
    }

    [Fact]
    public void TextWithSeparatorsQuotesAndNewlinesRoundTrips()
    {
        using var temp = new TempFolder();
        var rows = new[] { "a,b", "say \"hi\"", "two\nlines", " padded ", "=1+1", "" }
            .Select(t => new MutableRow { Name = t, Value = 1 }).ToList();
        string path = temp.File("text.csv");

        AtomicFile.WriteText(path, writer => CsvRecords.Write(writer, rows));
        var read = CsvRecords.Read<MutableRow>(path);

        Assert.Equal(rows.Select(r => r.Name), read.Select(r => r.Name));
    }

    [Fact]
    public void AFieldThatDoesNotParseNamesFileRowAndColumn()
    {
        using var temp = new TempFolder();
        string path = temp.File("bad.csv");
        File.WriteAllText(path, "name,value\nok,1.5\nbroken,1;5\n");

        var error = Assert.Throws<InvalidDataException>(() => CsvRecords.Read<MutableRow>(path));

        Assert.Equal($"{path}: row 2, column value: '1;5' is not a Double", error.Message);
    }

    [Fact]
    public void AMissingColumnIsNamed()
    {
        using var temp = new TempFolder();
        string path = temp.File("short.csv");
        File.WriteAllText(path, "name\nx\n");

        var error = Assert.Throws<InvalidDataException>(() => CsvRecords.Read<MutableRow>(path));

        Assert.Equal($"{path}: value: column missing from the header", error.Message);
    }
}

/// <summary>Sets a culture with comma decimals and other non-invariant symbols as CurrentCulture until disposed.
/// Built from the invariant culture because InvariantGlobalization leaves no real de-DE to switch to.</summary>
internal sealed class CommaDecimalCulture : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentCulture;

    private CommaDecimalCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.NaNSymbol = "nan-de";
        culture.NumberFormat.PositiveInfinitySymbol = "+unendlich";
        culture.NumberFormat.NegativeInfinitySymbol = "-unendlich";
        CultureInfo.CurrentCulture = culture;
    }

    public static CommaDecimalCulture Use() => new();

    public void Dispose() => CultureInfo.CurrentCulture = _previous;
}
