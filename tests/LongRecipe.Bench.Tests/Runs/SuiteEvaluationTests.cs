using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Results;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Tests.Suites;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Runs;

public sealed class SuiteEvaluationTests : IDisposable
{
    static readonly WordTokenizer Tokenizer = new();
    readonly TempFolder _folder = new();
    readonly SuiteEvaluation _suites;
    readonly SyntheticCorpus _corpus;
    readonly RunFolder _run;

    public SuiteEvaluationTests()
    {
        // Micro profile: RULER tasks niah_single_1 and qa_1 at 128 and 256 with 4 samples; general generative tasks with 3.
        string file = MicroProfile.Write(_folder, methods: "[base]");
        var profile = Profile.Load(file);
        _suites = new SuiteEvaluation(profile, file, Tokenizer);
        _corpus = new SyntheticCorpus(Tokenizer, profile.Corpus.Options());
        _run = RunFolder.Open(_folder.File("results"), "run");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_model_stopped_inside_its_suites_resumes_at_the_next_task_and_length_with_the_same_scores()
    {
        // The prediction depends on the prompt, so a wrong resume would change the scores.
        int[] Answer(int[] prompt) => Tokenizer.Encode(prompt.Length % 3 == 0 ? "42" : "7");
        int wholePrompts = 0, resumedPrompts = 0;
        var whole = _suites.Evaluate(RunFolder.Open(_folder.File("results"), "whole"), "base",
            new FakeEvaluator(1024, prompt => { wholePrompts++; return Answer(prompt); }), _corpus);

        // Killed at the 13th prompt: RULER runs niah_single_1 then qa_1 at 128, then at 256, 4 samples each, so the
        // kill lands in qa_1 at 256 after niah_single_1 at 256 was stored.
        int asked = 0;
        var stopping = new FakeEvaluator(1024, prompt => ++asked > 3 * 4 ? throw new OperationCanceledException("killed") : Answer(prompt));
        Assert.Throws<OperationCanceledException>(() => _suites.Evaluate(_run, "base", stopping, _corpus));
        var resumed = _suites.Evaluate(_run, "base", new FakeEvaluator(1024, prompt => { resumedPrompts++; return Answer(prompt); }), _corpus);

        Assert.Equal(whole.Scores, resumed.Scores);
        Assert.Equal(whole.Samples, resumed.Samples);
        Assert.Equal(wholePrompts - 3 * 4, resumedPrompts);   // the three finished (task, length) units were not asked again
        Assert.Empty(Directory.GetFiles(Path.Combine(_run.Path, "suites", "base"), "ruler-*.jsonl"));   // parts dropped once whole
    }

    [Fact]
    public void Samples_csv_shows_the_first_three_samples_of_every_task_and_length_with_their_predictions()
    {
        var scores = _suites.Evaluate(_run, "base", new FakeEvaluator(1024, _ => Tokenizer.Encode("42")), _corpus);
        _run.WriteCsv("samples.csv", scores.Samples);

        var (header, rows) = CsvRecords.ReadRows(_run.FilePath("samples.csv"));
        Assert.Equal(["model", "suite", "task", "length", "index", "depth", "prediction", "references", "score"], header);
        var ruler = rows.Where(r => r[1] == "ruler").ToList();
        Assert.Equal(2 * 2 * 3, ruler.Count); // tasks × lengths × first three of four samples
        Assert.All(ruler, r => Assert.Contains(r[4], new[] { "0", "1", "2" }));
        Assert.Equal(["128", "256"], ruler.Select(r => r[3]).Distinct().Order());
        Assert.All(rows, r => Assert.Equal(("base", "42"), (r[0], r[6])));

        var records = SuiteOutput.ReadJsonl<SampleRecord>(_run.FilePath("suites/base/ruler.jsonl"));
        var qa = records.First(r => r is { Task: "qa_1", Length: 256, Index: 1 });
        var qaRow = ruler.Single(r => r[2] == "qa_1" && r[3] == "256" && r[4] == "1");
        Assert.Equal(string.Join(" | ", qa.References), qaRow[7]);
        Assert.Equal(qa.Score, double.Parse(qaRow[8], System.Globalization.CultureInfo.InvariantCulture));

        var general = rows.Where(r => r[1] == "general").ToList();
        Assert.Equal(3 * 3, general.Count); // kv_retrieval, copy_words, assignment_chain × 3 samples, at the base window
        Assert.All(general, r => Assert.Equal(("128", ""), (r[3], r[5])));
    }

    [Fact]
    public void Scores_count_empty_predictions_and_carry_intervals_for_means_of_sample_scores_only()
    {
        var scores = _suites.Evaluate(_run, "silent", new FakeEvaluator(1024, _ => []), _corpus).Scores;

        var niah = scores.Single(s => s is { Suite: "ruler", Task: "niah_single_1", Length: 128 });
        Assert.Equal((4, 4, 0.0, 0.0, 0.0), (niah.N, niah.Nulls, niah.Score, niah.CiLow, niah.CiHigh));
        var rulerMean = scores.Single(s => s is { Suite: "ruler", Task: ScoreTable.AverageTask, Length: 256 });
        Assert.Equal((2, 8), (rulerMean.N, rulerMean.Nulls));
        var generalMean = scores.Single(s => s is { Suite: "general", Task: ScoreTable.AverageTask });
        Assert.Equal((128, 3, 9), (generalMean.Length, generalMean.N, generalMean.Nulls));
        Assert.NotNull(generalMean.CiLow);
        Assert.All(scores.Where(s => s.Metric is "loss" or "perplexity" or "acc" or "acc_stderr"), s => Assert.Null(s.CiLow));
    }
}
