using System.Globalization;
using System.Text.Json;
using CsvHelper;
using LongRecipe.Bench.Results;

namespace LongRecipe.Bench.Suites;

/// <summary>
/// Writes per-sample JSONL (snake_case keys) and the summary CSV (task, length, metric, score, n, nulls, ci_low, ci_high;
/// the interval fields are empty for rows without one).
/// </summary>
public static class SuiteOutput
{
    public static void WriteJsonl<T>(string path, IEnumerable<T> records) =>
        AtomicFile.WriteText(path, writer =>
        {
            foreach (var record in records) writer.WriteLine(JsonSerializer.Serialize(record, SnapshotFormats.JsonLine));
        });

    public static IReadOnlyList<T> ReadJsonl<T>(string path) =>
        File.ReadLines(path).Where(line => line.Length > 0).Select(line => JsonSerializer.Deserialize<T>(line, SnapshotFormats.JsonLine)!).ToList();

    public static void WriteSummaryCsv(string path, IEnumerable<SummaryRow> rows) => AtomicFile.WriteText(path, text =>
    {
        using var csv = CsvWriter.Create(text, new CsvWriterOptions(), leaveOpen: true);
        csv.WriteHeader(["task", "length", "metric", "score", "n", "nulls", "ci_low", "ci_high"]);
        foreach (var row in rows)
        {
            csv.WriteField(row.Task);
            csv.WriteField(row.Length.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(row.Metric);
            csv.WriteField(Score(row.Score));
            csv.WriteField(row.N.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(row.Nulls.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(row.CiLow is double low ? Score(low) : "");
            csv.WriteField(row.CiHigh is double high ? Score(high) : "");
            csv.EndRecord();
        }
    });

    static string Score(double score) => score.ToString("0.00##", CultureInfo.InvariantCulture);
}
