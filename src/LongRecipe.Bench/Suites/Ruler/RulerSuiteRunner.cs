using LongRecipe.Bench.Evaluation;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>Everything one suite run produced: scored samples, the summary table, per-length averages and the effective length.</summary>
public sealed record RulerRunResult(
    IReadOnlyList<SampleRecord> Records,
    IReadOnlyList<SummaryRow> Summary,
    IReadOnlyDictionary<int, double> AverageByLength,
    EffectiveLength EffectiveLength);

/// <summary>
/// Generates every (task, length, sample), asks the evaluator for greedy continuations — one batched call per task and
/// length, the unit a run stores and resumes after — and scores them as RULER: generation stops only at EOS or the budget
/// (RULER's stop-word list is empty), so a newline never cuts an answer, and the whole cleaned prediction is scored.
/// </summary>
public sealed class RulerSuiteRunner(RulerSuiteConfig config, IEvaluator evaluator, ITokenizer tokenizer, IHaystackSource? essay = null)
{
    /// <summary>Runs at <paramref name="lengths"/> (default: the suite's) with <paramref name="samplesPerLength"/> samples per task (default: the suite's).</summary>
    public RulerRunResult Run(IReadOnlyList<int>? lengths = null, int? samplesPerLength = null)
    {
        lengths ??= config.Lengths;
        int samples = samplesPerLength ?? config.Samples;
        Check(lengths, samples);   // every length before any work
        return Summarize([.. lengths.SelectMany(length => config.Tasks.SelectMany(task => RunTask(task, length, samples)))]);
    }

    /// <summary>One task's samples at one length, scored: a unit a run can store and resume after.</summary>
    public IReadOnlyList<SampleRecord> RunTask(RulerTask task, int length, int samples)
    {
        Check([length], samples);
        var generator = RulerFamilies.Create(task, tokenizer, essay);
        var batch = Enumerable.Range(0, samples)
            .Select(i => generator.Generate(new SampleRequest(length, i, Seeds.Derive(config.Seed, generator.Name, length, i), config.DepthFor(i)))).ToList();
        var outputs = evaluator.Generate(batch.Select(s => s.Prompt).ToList(), generator.TokensToGenerate, new HashSet<int> { tokenizer.EosId });
        return [.. batch.Select((sample, i) => Score(generator.Metric, sample, tokenizer.Decode(outputs[i])))];
    }

    /// <summary>The summary table, per-length averages and effective length of scored samples, in suite order however they were batched.</summary>
    public RulerRunResult Summarize(IReadOnlyList<SampleRecord> scored)
    {
        var taskOrder = config.Tasks.Select((t, i) => (t.Name, i)).ToDictionary(p => p.Name, p => p.i);
        List<SampleRecord> records = [.. scored.OrderBy(r => r.Length).ThenBy(r => taskOrder[r.Task]).ThenBy(r => r.Index)];
        var perTask = ScoreTable.PerTask(records, config.Tasks.ToDictionary(t => t.Name, t => MetricNames.Name(t.Metric)));
        var averages = ScoreTable.AverageByLength(perTask);
        return new RulerRunResult(records, ScoreTable.WithAverages(perTask), averages,
            EffectiveLength.Compute(averages, config.EffectiveLengthThreshold));
    }

    void Check(IReadOnlyList<int> lengths, int samples)
    {
        if (samples < 1) throw new ConfigException(config.File, "samples", "must be at least 1");
        foreach (int length in lengths)
            if (length > evaluator.MaxLength)
                throw new ConfigException(config.File, "lengths", $"length {length} exceeds the evaluator's max_length {evaluator.MaxLength}");
    }

    static SampleRecord Score(Metric metric, TaskSample sample, string decoded)
    {
        string prediction = Scoring.Clean(decoded);
        return new SampleRecord(sample.Task, sample.Length, sample.Depth, sample.Index, sample.Seed, sample.PromptHash,
            sample.Prompt.Length, prediction, sample.References, Scoring.Score(metric, prediction, sample.References));
    }
}
