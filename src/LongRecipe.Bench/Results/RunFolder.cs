using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LongRecipe.Bench.Results;

/// <summary>
/// results/&lt;run-id&gt;/: everything one run writes (config.yaml, CSV tables, summary.json, JSONL), each file written
/// atomically so a crash never leaves a half-written file, plus done-markers that let a restarted run skip finished steps.
/// Writers only serialise what they are given; they never compute.
/// </summary>
public sealed partial class RunFolder
{
    public const string ConfigFileName = "config.yaml";
    public const string SummaryFileName = "summary.json";
    private const string MarkerFolder = ".done";

    private RunFolder(string path, string runId)
    {
        Path = path;
        RunId = runId;
    }

    public string RunId { get; }

    public string Path { get; }

    /// <summary>A sortable run id: UTC timestamp then the short name, e.g. 20261125-153000-tiny.</summary>
    /// <summary>A model or method name made usable as a file, folder or step name (other characters become '_').</summary>
    public static string SafeName(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));

    public static string NewRunId(string name, DateTime utcNow)
    {
        if (utcNow.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("the run id timestamp must be UTC", nameof(utcNow));
        }
        return $"{utcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{CheckName(name, "run name")}";
    }

    /// <summary>Creates results/&lt;runId&gt;/, or opens it when it exists (a resumed run passes its old id).</summary>
    public static RunFolder Open(string resultsRoot, string runId)
    {
        CheckName(runId, "run id");
        string path = System.IO.Path.GetFullPath(System.IO.Path.Combine(resultsRoot, runId));
        try { Directory.CreateDirectory(path); }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new ConfigException(resultsRoot, "results folder", $"cannot create {path}: {e.Message}");
        }
        return new RunFolder(path, runId);
    }

    /// <summary>The path of a file in the run folder (sub-folders allowed, but never outside it).</summary>
    public string FilePath(string fileName)
    {
        string full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, fileName));
        if (!full.StartsWith(Path + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{fileName}' is not a file inside the run folder {Path}", nameof(fileName));
        }
        return full;
    }

    /// <summary>Writes the resolved configuration as YAML, so the run can be reproduced from its folder alone.</summary>
    public string WriteConfig(object config) =>
        WriteText(ConfigFileName, writer => SnapshotFormats.YamlWriter.Serialize(writer, config));

    public string WriteSummary<T>(T summary) => WriteJson(SummaryFileName, summary);

    public string WriteJson<T>(string fileName, T value) =>
        WriteText(fileName, writer =>
        {
            writer.Write(JsonSerializer.Serialize(value, SnapshotFormats.Json));
            writer.WriteLine();
        });

    /// <summary>One JSON object per line (e.g. per-sample predictions).</summary>
    public string WriteJsonLines<T>(string fileName, IEnumerable<T> rows) =>
        WriteText(fileName, writer =>
        {
            foreach (var row in rows)
            {
                writer.WriteLine(JsonSerializer.Serialize(row, SnapshotFormats.JsonLine));
            }
        });

    /// <summary>A CSV table with one column per public property of <typeparamref name="T"/> (see <see cref="CsvRecords"/>).</summary>
    public string WriteCsv<T>(string fileName, IEnumerable<T> rows) =>
        WriteText(fileName, writer => CsvRecords.Write(writer, rows));

    public T ReadJson<T>(string fileName) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(FilePath(fileName)), SnapshotFormats.Json)
        ?? throw new InvalidDataException($"{FilePath(fileName)}: holds null");

    public List<T> ReadJsonLines<T>(string fileName) =>
        File.ReadLines(FilePath(fileName))
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<T>(line, SnapshotFormats.JsonLine)!)
            .ToList();

    public List<T> ReadCsv<T>(string fileName) => CsvRecords.Read<T>(FilePath(fileName));

    public bool IsComplete(string stepName) => File.Exists(MarkerPath(stepName));

    /// <summary>Records that a step finished; call it only after the step's own files are written.</summary>
    public void MarkComplete(string stepName) =>
        AtomicFile.WriteAllText(MarkerPath(stepName), DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture) + "\n");

    /// <summary>Drops a finished step's marker and its file, once a later step holds what it kept.</summary>
    public void Forget(string stepName, string fileName)
    {
        File.Delete(FilePath(fileName));
        File.Delete(MarkerPath(stepName));
    }

    private string WriteText(string fileName, Action<TextWriter> write)
    {
        string path = FilePath(fileName);
        AtomicFile.WriteText(path, write);
        return path;
    }

    private string MarkerPath(string stepName) => FilePath(System.IO.Path.Combine(MarkerFolder, CheckName(stepName, "step name")));

    private static string CheckName(string name, string what) =>
        SafeName().IsMatch(name)
            ? name
            : throw new ArgumentException($"{what} '{name}' must be letters, digits, '.', '_' or '-' (and not start with '.')");

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]*$")]
    private static partial Regex SafeName();
}
