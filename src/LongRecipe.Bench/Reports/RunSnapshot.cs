using System.Text.Json;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Results;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.General;

namespace LongRecipe.Bench.Reports;

/// <summary>
/// A finished run folder read back: everything the report, the history and the gate need, from the files alone (so any
/// old run can be re-reported). A missing or unreadable file is one line naming the file.
/// </summary>
public sealed class RunSnapshot
{
    RunSnapshot(string path, BenchSummary summary) { Path = path; Summary = summary; }

    public string Path { get; }
    public BenchSummary Summary { get; }
    /// <summary>Absent in runs written before environment.json existed.</summary>
    public RunEnvironment? Environment { get; private init; }
    public IReadOnlyList<StageResources> Resources { get; private init; } = [];
    public IReadOnlyList<CurvePoint> Curve { get; private init; } = [];
    public IReadOnlyList<LossAtLength> Losses { get; private init; } = [];
    public IReadOnlyList<DocumentLoss> DocumentLosses { get; private init; } = [];
    public IReadOnlyList<DistanceLoss> DistanceLosses { get; private init; } = [];
    public IReadOnlyList<ScoreRow> Scores { get; private init; } = [];
    /// <summary>The summaries of the runs at the profile's other seeds (seeds/seed-&lt;n&gt;/), in seed order; empty for one seed.</summary>
    public IReadOnlyList<BenchSummary> OtherSeeds { get; private init; } = [];

    public IEnumerable<string> Models => Summary.Methods.Select(m => m.Variant);

    public static RunSnapshot Load(string path)
    {
        string folder = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(folder)) throw new ConfigException(path, "run folder", "does not exist");
        return new RunSnapshot(folder, ReadSummary(folder))
        {
            Environment = File.Exists(System.IO.Path.Combine(folder, RunEnvironment.FileName))
                ? Read(folder, RunEnvironment.FileName, file => JsonSerializer.Deserialize<RunEnvironment>(File.ReadAllText(file), SnapshotFormats.Json))
                : null,
            Resources = Read(folder, "resources.csv", CsvRecords.Read<StageResources>),
            Curve = Read(folder, "training_curve.csv", CsvRecords.Read<CurvePoint>),
            Losses = Read(folder, "loss_by_length.csv", CsvRecords.Read<LossAtLength>),
            DocumentLosses = Optional(folder, "loss_by_document.csv", CsvRecords.Read<DocumentLoss>),
            DistanceLosses = Optional(folder, "loss_by_distance.csv", CsvRecords.Read<DistanceLoss>),
            Scores = Read(folder, "scores.csv", CsvRecords.Read<ScoreRow>),
            OtherSeeds = OtherSeedSummaries(folder),
        };
    }

    static List<BenchSummary> OtherSeedSummaries(string folder)
    {
        string seeds = System.IO.Path.Combine(folder, Runner.SeedsFolder);
        if (!Directory.Exists(seeds)) return [];
        return [.. Directory.GetDirectories(seeds).Where(d => File.Exists(System.IO.Path.Combine(d, RunFolder.SummaryFileName)))
            .Select(ReadSummary).OrderBy(summary => summary.Seed)];
    }

    static BenchSummary ReadSummary(string folder) =>
        Read(folder, RunFolder.SummaryFileName, file => JsonSerializer.Deserialize<BenchSummary>(File.ReadAllText(file), SnapshotFormats.Json)!);

    /// <summary>
    /// RULER mean of <paramref name="subject"/> ÷ <paramref name="reference"/> at one length, paired over identical prompts
    /// (bootstrap per task); null without per-sample records for both. Computed once per snapshot: the report and the
    /// history row both ask for it.
    /// </summary>
    public Interval? QualityRatio(string subject, string reference, int length)
    {
        if (_qualityRatios.TryGetValue((subject, reference, length), out var known)) return known;
        var a = Samples(subject, SuiteEvaluation.RulerSuite).Where(r => r.Length == length).ToLookup(r => r.Task);
        var b = Samples(reference, SuiteEvaluation.RulerSuite).Where(r => r.Length == length).ToDictionary(r => (r.Task, r.Index));
        var strata = a.Select(task => ((IReadOnlyList<double>)[.. task.OrderBy(r => r.Index).Select(r => r.Score)],
                (IReadOnlyList<double>)[.. task.OrderBy(r => r.Index).Select(r => b.TryGetValue((task.Key, r.Index), out var other) ? other.Score : double.NaN)]))
            .ToList();
        var ratio = strata.Count == 0 || strata.Any(t => t.Item2.Any(double.IsNaN)) ? null
            : Bootstrap.PairedRatio(strata, Seeds.Derive(Summary.Seed, "report", "quality-ratio", length));
        return _qualityRatios[(subject, reference, length)] = ratio;
    }

    readonly Dictionary<(string, string, int), Interval?> _qualityRatios = [];

    /// <summary>A model's scored samples of one suite (suites/&lt;model&gt;/&lt;suite&gt;.jsonl); empty when the run kept none.</summary>
    public IReadOnlyList<SampleRecord> Samples(string model, string suite) => Jsonl<SampleRecord>(model, suite + ".jsonl");

    /// <summary>A model's multiple-choice records (suites/&lt;model&gt;/general_choices.jsonl).</summary>
    public IReadOnlyList<ChoiceRecord> Choices(string model) => Jsonl<ChoiceRecord>(model, "general_choices.jsonl");

    IReadOnlyList<T> Jsonl<T>(string model, string file)
    {
        string relative = System.IO.Path.Combine("suites", RunFolder.SafeName(model), file);
        return File.Exists(System.IO.Path.Combine(Path, relative)) ? Read(Path, relative, SuiteOutput.ReadJsonl<T>) : [];
    }

    /// <summary>A file that runs written before it existed lack: empty then.</summary>
    static IReadOnlyList<T> Optional<T>(string folder, string file, Func<string, IReadOnlyList<T>> read) =>
        File.Exists(System.IO.Path.Combine(folder, file)) ? Read(folder, file, read) : [];

    static T Read<T>(string folder, string file, Func<string, T> read)
    {
        string path = System.IO.Path.Combine(folder, file);
        if (!File.Exists(path)) throw new ConfigException(path, "file", "missing: not a finished run folder (resume it with bench --run-id)");
        try { return read(path); }
        catch (Exception e) when (e is JsonException or InvalidDataException or FormatException or KeyNotFoundException or NotSupportedException
                                   or ArgumentException)   // System.Text.Json: a key twice in a dictionary
        {
            throw new ConfigException(path, "content", e.Message.Split('\n')[0]);
        }
    }
}
