using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Results;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.General;

namespace LongRecipe.Bench.Tests.Reports;

/// <summary>
/// Writes a small finished run folder by hand (three models, RULER at 128 and 512, a general task, multiple choice,
/// held-out loss per document, costs), so report and gate tests read real files without training anything.
/// </summary>
public sealed class RunFolderFixture
{
    public static readonly string[] Models = ["base", "full-sequence", "longrecipe"];
    public const int Samples = 20;

    /// <summary>Per model, task and length: which sample indices pass (score 100); the rest score 0.</summary>
    public Func<string, string, int, int, bool> Passes { get; init; } = (model, task, length, index) =>
        length == 128 ? index % 10 != 0 : model != "base" && index % 2 == 0;
    public Func<string, int, bool> GeneralPasses { get; init; } = (model, index) => index % 4 != 0;
    public Func<string, int, int, double> DocumentLoss { get; init; } = (model, length, document) => 2.0 + (length == 512 && model == "base" ? 1 : 0) + document * 0.01;
    public Func<string, int, string> PromptHash { get; init; } = (task, index) => $"{task}-{index}";
    public long FullSequenceTokens { get; init; } = 40_960;
    public double FullSequenceWall { get; init; } = 20;
    public double MatmulGflops { get; init; } = 100;
    public long PeakRssBytes { get; init; } = 1_000_000_000;
    public int Seed { get; init; } = 7;

    public string Write(string root, string runId)
    {
        var run = RunFolder.Open(root, runId);
        var losses = new List<DocumentLoss>();
        var lossRows = new List<LossAtLength>();
        var distances = new List<DistanceLoss>();
        var scores = new List<ScoreRow>();
        var summaries = new List<MethodSummary>();
        foreach (string model in Models)
        {
            var records = new List<SampleRecord>();
            foreach (int length in new[] { 128, 512 })
            foreach (string task in new[] { "niah_single_1", "vt" })
            for (int i = 0; i < Samples; i++)
                records.Add(new SampleRecord(task, length, task == "vt" ? null : i % 5 / 4.0, i, i, PromptHash(task, i), 100, "1", ["1"],
                    Passes(model, task, length, i) ? 100 : 0));
            SuiteOutput.WriteJsonl(run.FilePath($"suites/{model}/ruler.jsonl"), records);
            SuiteOutput.WriteJsonl(run.FilePath($"suites/{model}/general.jsonl"),
                // As in a real run, each general sample records its own prompt + generation length.
                Enumerable.Range(0, Samples).Select(i => new SampleRecord("kv_retrieval", 50 + i % 7, null, i, i, $"kv-{i}", 46 + i % 7, "1", ["1"],
                    GeneralPasses(model, i) ? 100 : 0)));
            SuiteOutput.WriteJsonl(run.FilePath($"suites/{model}/general_choices.jsonl"),
                Enumerable.Range(0, Samples).Select(i => new ChoiceRecord("synthetic_mc", i, [-1, -2], 0, i % 3 == 0 ? 1 : 0, 0, i % 3 != 0, true)));
            foreach (int length in new[] { 128, 512 })
            {
                var perDocument = Enumerable.Range(0, 8).Select(d => new DocumentLoss(model, length, d, DocumentLoss(model, length, d), length - 1)).ToList();
                losses.AddRange(perDocument);
                double mean = perDocument.Average(d => d.Loss);
                lossRows.Add(new LossAtLength(model, length, length / 128.0, mean, Math.Exp(mean), mean + 1, 10, mean - 1, 20, mean, 8));
                distances.AddRange(LossByLength.DistanceBuckets(128, length).Select((b, i) => new DistanceLoss(model, length, DistanceLoss.AllKinds, b.Min, b.Max, mean - 1 + i * 0.5, 20 - i)));
                distances.AddRange(LossByLength.DistanceBuckets(128, length).Skip(1).Select((b, i) => new DistanceLoss(model, length, "copy", b.Min, b.Max, mean + i * 0.5, 5)));
            }
            var byLength = new[] { 128, 512 }.ToDictionary(l => l, l => Mean(records.Where(r => r.Length == l)));
            scores.AddRange(byLength.Select(p => new ScoreRow(model, "ruler", "average", p.Key, "string_match_all", p.Value.Mean, Samples * 2, 0, p.Value.Low, p.Value.High)));
            bool trained = model != "base";
            summaries.Add(new MethodSummary(model, model, trained ? FullSequenceTokens / (model == "longrecipe" ? 4 : 1) : 0, trained ? 1e12 / (model == "longrecipe" ? 4 : 1) : 0,
                trained ? (model == "longrecipe" ? 0.25 : 1) : 0, trained ? FullSequenceWall / (model == "longrecipe" ? 4 : 1) : 0, trained ? PeakRssBytes : 0,
                2.0, 2.5, 3.0, 1.0, 2.1, model == "longrecipe" ? 0.4 : null, model == "longrecipe" ? 0.6 : null, byLength, byLength, EffectiveLength.Compute(byLength.ToDictionary(p => p.Key, p => p.Value.Mean), 50),
                new Interval(75, 55, 90), model == "longrecipe" ? 0.7 : null));
        }
        var resources = Models.Where(m => m != "base").Select(m => new StageResources(m, 0, "train", 10, m == "longrecipe" ? 154 : 512,
            FullSequenceTokens / (m == "longrecipe" ? 4 : 1), 1e12 / (m == "longrecipe" ? 4 : 1), FullSequenceWall / (m == "longrecipe" ? 4 : 1), 1_000_000_000, 4, 3)).ToList();
        run.WriteCsv("resources.csv", resources);
        run.WriteCsv("training_curve.csv", resources.SelectMany(r => Enumerable.Range(0, 10).Select(s => new CurvePoint(r.Method, 0, s, 4 - s * 0.1, 1e-3, 100, 1e9))));
        run.WriteCsv("loss_by_length.csv", lossRows);
        run.WriteCsv("loss_by_document.csv", losses);
        run.WriteCsv("loss_by_distance.csv", distances);
        run.WriteCsv("scores.csv", scores);
        run.WriteJson(RunEnvironment.FileName, new RunEnvironment("0123456789abcdef0123456789abcdef01234567", "10.0", "0.107", "Linux", 2, 2, MatmulGflops));
        run.WriteSummary(new BenchSummary("fixture", runId, Seed, 128, 512, new PretrainingRecord("key", 100, 102_400, 5e11, 30, 7, 2),
            new EffectiveLengthRule(50, "base model at 128", EffectiveLength.Rule), summaries));
        return run.Path;
    }

    static Interval Mean(IEnumerable<SampleRecord> records) => Bootstrap.Mean([.. records.Select(r => r.Score)], 1);
}
