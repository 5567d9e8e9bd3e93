using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Evaluation;
using LongRecipe.Bench.Results;
using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.General;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Runs;

/// <summary>One score of one model: a row of scores.csv.</summary>
public sealed record ScoreRow(string Model, string Suite, string Task, int Length, string Metric, double Score, int N);

/// <summary>A model's RULER curve summarised: average per length and the effective length at the profile's threshold.</summary>
public sealed record RulerCurve(string Model, IReadOnlyDictionary<int, double> AverageByLength, int? EffectiveLength, double Threshold);

/// <summary>A model's suite results as stored in the run (read back on resume).</summary>
public sealed record ModelScores(string Model, List<ScoreRow> Scores, RulerCurve? Ruler);

/// <summary>
/// Runs the RULER-style and general suites on one model and writes per-sample JSONL and summary CSVs under
/// suites/&lt;model&gt;/ in the run folder. The essay haystack is the synthetic corpus itself.
/// </summary>
public sealed class SuiteEvaluation(Profile profile, string profileFile, WordTokenizer tokenizer, SyntheticCorpus corpus)
{
    readonly IHaystackSource _essay = Essay(corpus);
    readonly RulerSuiteConfig? _ruler = profile.Suites.Ruler is { } ruler
        ? CheckPromptsFit(SelectTasks(RulerSuiteLoader.Load(profile.ResolvePath(profileFile, ruler)), profile, profileFile), profile, profileFile, tokenizer, Essay(corpus))
        : null;
    readonly GeneralSuiteConfig? _general = profile.Suites.General is { } general ? GeneralSuiteLoader.Load(profile.ResolvePath(profileFile, general)) : null;

    /// <summary>The longest prompt + generation the RULER suite will ask for (the profile's RULER lengths).</summary>
    public int LongestLength => _ruler is null ? 0 : profile.RulerLengths.Max();

    /// <summary>The essay haystack: the synthetic corpus itself.</summary>
    static TokenStreamHaystack Essay(SyntheticCorpus corpus) => new((n, random) => corpus.Generate(n, random).Tokens, chunkTokens: 256);

    /// <summary>
    /// Builds each task's first sample at every RULER length, so a task whose fixed prompt parts do not fit the shortest
    /// length (the base window) is the profile's error before any training, not after it.
    /// </summary>
    static RulerSuiteConfig CheckPromptsFit(RulerSuiteConfig suite, Profile profile, string profileFile, WordTokenizer tokenizer, IHaystackSource essay)
    {
        foreach (var task in suite.Tasks)
        {
            var generator = RulerFamilies.Create(task, tokenizer, essay);
            foreach (int length in profile.RulerLengths)
                try
                {
                    generator.Generate(new SampleRequest(length, 0, SampleSeeds.For(suite.Seed, task.Name, length, 0), suite.DepthFor(0)));
                }
                catch (PromptDoesNotFitException e)
                {
                    throw new ConfigException(profileFile, "suites.ruler_tasks",
                        $"{e.Message}; list only tasks that fit every RULER length ({string.Join(", ", profile.RulerLengths)})");
                }
        }
        return suite;
    }

    /// <summary>The profile's subset of RULER tasks (all when it names none); an unknown name is the profile's error.</summary>
    static RulerSuiteConfig SelectTasks(RulerSuiteConfig suite, Profile profile, string profileFile)
    {
        if (profile.Suites.RulerTasks is not { } names) return suite;
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
            if (suite.Tasks.All(t => t.Name != name))
                throw new ConfigException(profileFile, $"suites.ruler_tasks[{i}]", $"unknown task '{name}' (known: {string.Join(", ", suite.Tasks.Select(t => t.Name))})");
        return suite.Only(names);
    }

    public ModelScores Evaluate(RunFolder run, string model, IEvaluator evaluator)
    {
        string folder = $"suites/{RunFolder.SafeName(model)}", step = "suites-" + RunFolder.SafeName(model), record = $"{folder}/scores.json";
        if (run.IsComplete(step)) return run.ReadJson<ModelScores>(record);

        var scores = new List<ScoreRow>();
        RulerCurve? curve = null;
        if (_ruler is not null)
        {
            var result = new RulerSuiteRunner(_ruler, evaluator, tokenizer, _essay).Run(profile.RulerLengths, profile.Suites.RulerSamples);
            SuiteOutput.WriteJsonl(run.FilePath($"{folder}/ruler.jsonl"), result.Records);
            SuiteOutput.WriteSummaryCsv(run.FilePath($"{folder}/ruler_summary.csv"), result.Summary);
            scores.AddRange(result.Summary.Select(r => new ScoreRow(model, "ruler", r.Task, r.Length, r.Metric, r.Score, r.N)));
            double threshold = profile.Suites.EffectiveLengthThreshold ?? _ruler.EffectiveLengthThreshold;
            curve = new RulerCurve(model, result.AverageByLength, EffectiveLength.Compute(result.AverageByLength, threshold).Length, threshold);
        }
        if (_general is not null)
        {
            var heldOut = corpus.Documents(profile.Loss.Documents, profile.Base.Window, LossByLength.HeldOutSeed(profile.Seed, profile.Base.Window))
                .Select(d => d.Tokens).ToList();
            var result = new GeneralSuiteRunner(_general, evaluator, tokenizer).Run(profile.Base.Window, heldOut);
            SuiteOutput.WriteJsonl(run.FilePath($"{folder}/general.jsonl"), result.Samples);
            SuiteOutput.WriteJsonl(run.FilePath($"{folder}/general_choices.jsonl"), result.Choices);
            SuiteOutput.WriteSummaryCsv(run.FilePath($"{folder}/general_summary.csv"), result.Summary);
            scores.AddRange(result.Summary.Select(r => new ScoreRow(model, "general", r.Task, r.Length, r.Metric, r.Score, r.N)));
        }
        var stored = new ModelScores(model, scores, curve);
        run.WriteJson(record, stored);
        run.MarkComplete(step);
        return stored;
    }

}
