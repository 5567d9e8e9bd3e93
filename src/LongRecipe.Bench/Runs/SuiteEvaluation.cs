using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Evaluation;
using LongRecipe.Bench.Results;
using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.General;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Runs;

/// <summary>
/// One score of one model: a row of scores.csv. <see cref="Nulls"/> counts empty predictions (RULER's "Nulls");
/// <see cref="CiLow"/>..<see cref="CiHigh"/> is the 95% interval of a mean of sample scores (<see cref="Bootstrap"/>),
/// empty for loss and multiple-choice rows (those report acc_stderr rows instead).
/// </summary>
public sealed record ScoreRow(string Model, string Suite, string Task, int Length, string Metric, double Score, int N, int Nulls, double? CiLow, double? CiHigh);

/// <summary>One of a model's first samples of a task at a length: a row of samples.csv (references joined by " | ").</summary>
public sealed record SampleRow(string Model, string Suite, string Task, int Length, int Index, double? Depth, string Prediction, string References, double Score);

/// <summary>A model's suite results as stored in the run (read back on resume); effective lengths are decided later, in the summary.</summary>
public sealed record ModelScores(string Model, List<ScoreRow> Scores, List<SampleRow> Samples);

/// <summary>
/// Runs the RULER-style and general suites on one model and writes per-sample JSONL and summary CSVs under
/// suites/&lt;model&gt;/ in the run folder. The essay haystack is the suite's (the distractor-free grammar source unless it
/// names an essay file), never the training corpus.
/// </summary>
public sealed class SuiteEvaluation(Profile profile, string profileFile, ITokenizer tokenizer)
{
    public const string RulerSuite = "ruler";
    public const string GeneralSuite = "general";

    /// <summary>samples.csv shows this many samples per model, task and length: the first ones by index.</summary>
    public const int PreviewSamples = 3;

    readonly (RulerSuiteConfig Suite, IHaystackSource Essay)? _rulerSetup = profile.Suites.Ruler is { } ruler
        ? LoadRuler(SelectTasks(RulerSuiteLoader.Load(profile.ResolvePath(profileFile, ruler)), profile, profileFile), profile, profileFile, tokenizer)
        : null;
    readonly GeneralSuiteConfig? _general = profile.Suites.General is { } general
        ? CheckFits(GeneralSuiteLoader.Load(profile.ResolvePath(profileFile, general)), tokenizer, profile.Base.Window)
        : null;

    static GeneralSuiteConfig CheckFits(GeneralSuiteConfig suite, ITokenizer tokenizer, int window)
    {
        GeneralSuiteRunner.CheckFits(suite, tokenizer, window);
        return suite;
    }

    RulerSuiteConfig? RulerConfig => _rulerSetup?.Suite;
    IHaystackSource? EssaySource => _rulerSetup?.Essay;

    /// <summary>The suite with its essay haystack, checked: RULER's English needs a model's own tokenizer (the tiny word
    /// lexicon would read most of its words as unknown), and every task fits every length.</summary>
    static (RulerSuiteConfig, IHaystackSource) LoadRuler(RulerSuiteConfig suite, Profile profile, string profileFile, ITokenizer tokenizer)
    {
        if (tokenizer is WordTokenizer && suite.Tasks.Any(t => t.Wording == Wording.Ruler))
            throw new ConfigException(suite.File, "wording", "ruler (RULER's English templates) needs a checkpoint's own tokenizer.json; the word lexicon of the tiny models lacks its words: use compact");
        var essay = suite.Essay();
        CheckPromptsFit(suite, profile, profileFile, tokenizer, essay);
        return (suite, essay);
    }

    /// <summary>The RULER suite's own effective-length threshold (RULER's 85.6 unless the suite file says otherwise); null without one.</summary>
    public double? RulerThreshold => RulerConfig?.EffectiveLengthThreshold;

    /// <summary>The longest prompt + generation the RULER suite will ask for (the profile's RULER lengths).</summary>
    public int LongestLength => RulerConfig is null ? 0 : profile.RulerLengths.Max();

    /// <summary>The profile's RULER tasks (validated, every one fits every length); empty without a RULER suite.</summary>
    public IReadOnlyList<RulerTask> RulerTasks => RulerConfig?.Tasks ?? [];

    /// <summary>Each suite's <c>version</c> field, recorded with the results it produced.</summary>
    public IReadOnlyDictionary<string, int> Versions =>
        new SortedDictionary<string, int>(new[] { (RulerSuite, RulerConfig?.Version), (GeneralSuite, _general?.Version) }
            .Where(v => v.Item2 is not null).ToDictionary(v => v.Item1, v => v.Item2!.Value));

    /// <summary>The general suite's tasks; empty without one.</summary>
    public IReadOnlyList<GeneralTask> GeneralTasks => _general?.Tasks ?? [];

    /// <summary>
    /// Builds each task's first sample at every RULER length, so a task whose fixed prompt parts do not fit the shortest
    /// length (the base window) is the profile's error before any training, not after it.
    /// </summary>
    static void CheckPromptsFit(RulerSuiteConfig suite, Profile profile, string profileFile, ITokenizer tokenizer, IHaystackSource essay)
    {
        foreach (var task in suite.Tasks)
        {
            var generator = RulerFamilies.Create(task, tokenizer, essay);
            foreach (int length in profile.RulerLengths)
                try
                {
                    generator.Generate(new SampleRequest(length, 0, Seeds.Derive(suite.Seed, task.Name, length, 0), suite.DepthFor(0)));
                }
                catch (PromptDoesNotFitException e)
                {
                    throw new ConfigException(profileFile, "suites.ruler_tasks",
                        $"{e.Message}; list only tasks that fit every RULER length ({string.Join(", ", profile.RulerLengths)})");
                }
        }
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

    /// <summary>
    /// The bootstrap seed of one row: from the profile seed, the suite, the task and the length, not the model, so every
    /// model's interval resamples the same sample indices (the prompts are the same for every model).
    /// </summary>
    Func<string, int, int> BootstrapSeed(string suite) => (task, length) => Seeds.Derive(profile.Seed, "bootstrap", suite, task, length);

    /// <summary>Runs the suites on one model; <paramref name="corpus"/> supplies the general suite's held-out text.</summary>
    public ModelScores Evaluate(RunFolder run, string model, IEvaluator evaluator, IDocumentSource corpus, Action<string>? log = null)
    {
        string folder = $"suites/{RunFolder.SafeName(model)}", step = "suites-" + RunFolder.SafeName(model), record = $"{folder}/scores.json";
        if (run.IsComplete(step)) return run.ReadJson<ModelScores>(record);

        var scores = new List<ScoreRow>();
        var samples = new List<SampleRow>();
        void Add(string suite, IEnumerable<SummaryRow> rows, IEnumerable<SampleRecord> records, Func<SampleRecord, int> length)
        {
            scores.AddRange(rows.Select(r => new ScoreRow(model, suite, r.Task, r.Length, r.Metric, r.Score, r.N, r.Nulls, r.CiLow, r.CiHigh)));
            samples.AddRange(records.GroupBy(r => (r.Task, Length: length(r))).SelectMany(g => g.OrderBy(r => r.Index).Take(PreviewSamples)
                .Select(r => new SampleRow(model, suite, r.Task, g.Key.Length, r.Index, r.Depth, r.Prediction, string.Join(" | ", r.References), r.Score))));
        }
        if (RulerConfig is not null)
        {
            // Each task at each length is stored when done, so a run killed inside a model's suites resumes at the next one.
            var runner = new RulerSuiteRunner(RulerConfig, evaluator, tokenizer, EssaySource);
            var parts = RulerParts(folder, step).ToList();
            int kept = parts.TakeWhile(part => run.IsComplete(part.Step)).Count();
            if (kept is > 0 && kept < parts.Count) log?.Invoke($"{model}: suites resume at {parts[kept].Task.Name} @ {parts[kept].Length} ({kept} task-lengths kept)");
            var result = runner.Summarize([.. parts.SelectMany(part =>
            {
                if (run.IsComplete(part.Step)) return SuiteOutput.ReadJsonl<SampleRecord>(run.FilePath(part.File));
                var records = runner.RunTask(part.Task, part.Length, profile.Suites.RulerSamples ?? RulerConfig.Samples);
                SuiteOutput.WriteJsonl(run.FilePath(part.File), records);
                run.MarkComplete(part.Step);
                return records;
            })]);
            var summary = ScoreTable.WithIntervals(result.Summary, result.Records.ToLookup(r => (r.Task, r.Length), r => r.Score), BootstrapSeed(RulerSuite));
            SuiteOutput.WriteJsonl(run.FilePath($"{folder}/ruler.jsonl"), result.Records);
            SuiteOutput.WriteSummaryCsv(run.FilePath($"{folder}/ruler_summary.csv"), summary);
            Add(RulerSuite, summary, result.Records, r => r.Length);
        }
        if (_general is not null)
        {
            int window = profile.Base.Window;
            var heldOut = corpus.Documents(profile.Loss.Documents, window, LossByLength.HeldOutSeed(profile.Seed, window)).Select(d => d.Tokens).ToList();
            var result = new GeneralSuiteRunner(_general, evaluator, tokenizer).Run(window, heldOut);
            // The generative tasks' mean, like RULER's per-length average; every general row is reported at the base window.
            var summary = ScoreTable.WithIntervals([.. result.Summary, .. ScoreTable.Averages([.. result.Summary.Where(ScoreTable.IsSampleMean)])],
                result.Samples.ToLookup(r => (r.Task, window), r => r.Score), BootstrapSeed(GeneralSuite));
            SuiteOutput.WriteJsonl(run.FilePath($"{folder}/general.jsonl"), result.Samples);
            SuiteOutput.WriteJsonl(run.FilePath($"{folder}/general_choices.jsonl"), result.Choices);
            SuiteOutput.WriteSummaryCsv(run.FilePath($"{folder}/general_summary.csv"), summary);
            Add(GeneralSuite, summary, result.Samples, _ => window);
        }
        var stored = new ModelScores(model, scores, samples);
        run.WriteJson(record, stored);
        run.MarkComplete(step);
        foreach (var part in RulerParts(folder, step)) run.Forget(part.Step, part.File);
        return stored;
    }

    /// <summary>The RULER suite's resumable units in run order: lengths ascending, each length's tasks in suite order.</summary>
    IEnumerable<(RulerTask Task, int Length, string File, string Step)> RulerParts(string folder, string step) => RulerConfig is null ? [] :
        from length in profile.RulerLengths
        from task in RulerConfig.Tasks
        select (task, length, $"{folder}/ruler-{length}-{task.Name}.jsonl", $"{step}-ruler-{length}-{task.Name}");
}
