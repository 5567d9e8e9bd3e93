using LongRecipe.Bench.Evaluation;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.General;

/// <summary>
/// Generative samples, multiple-choice outcomes and the summary table. Summary scores keep each family's own unit:
/// generative tasks 0..100 (RULER scale), acc / acc_norm fractions 0..1 (lm-eval scale), loss in nats per token.
/// </summary>
public sealed record GeneralRunResult(IReadOnlyList<SampleRecord> Samples, IReadOnlyList<ChoiceRecord> Choices, IReadOnlyList<SummaryRow> Summary);

/// <summary>Runs the general suite at the base window; the caller supplies held-out token sequences from the pretraining distribution.</summary>
public sealed class GeneralSuiteRunner(GeneralSuiteConfig config, IEvaluator evaluator, ITokenizer tokenizer)
{
    public GeneralRunResult Run(int baseWindow, IReadOnlyList<int[]> heldOut)
    {
        if (baseWindow > evaluator.MaxLength)
            throw new ConfigException(config.File, "base_window", $"{baseWindow} exceeds the evaluator's max_length {evaluator.MaxLength}");
        var samples = new List<SampleRecord>();
        var choices = new List<ChoiceRecord>();
        var summary = new List<SummaryRow>();
        foreach (var task in config.Tasks)
        {
            switch (task.Args)
            {
                case HeldOutLossArgs:
                    var loss = HeldOutLoss.Evaluate(evaluator, heldOut, baseWindow);
                    summary.Add(new SummaryRow(task.Name, baseWindow, "loss", loss.Loss, loss.Windows, 0));
                    summary.Add(new SummaryRow(task.Name, baseWindow, "perplexity", loss.Perplexity, loss.Windows, 0));
                    break;
                case MultipleChoiceArgs args:
                    var records = RunChoices(task, args, baseWindow);
                    choices.AddRange(records);
                    AddChoiceRows(summary, task.Name, baseWindow, records);
                    break;
                default:
                    var scored = RunShort(task, baseWindow);
                    samples.AddRange(scored);
                    summary.AddRange(ScoreTable.PerTask(scored, new Dictionary<string, string> { [task.Name] = MetricNames.Name(task.Metric!.Value) })
                        .Select(r => r with { Length = baseWindow }));
                    break;
            }
        }
        return new GeneralRunResult(samples, choices, summary);
    }

    /// <summary>
    /// Builds every prompt of every task without running a model, so a task that cannot fit the base window (or a
    /// multiple-choice file that is missing) is the suite's error before any training, not at evaluation time.
    /// </summary>
    public static void CheckFits(GeneralSuiteConfig config, ITokenizer tokenizer, int baseWindow)
    {
        foreach (var task in config.Tasks)
        {
            if (task.Metric is not null) ShortSamples(config, task, tokenizer, baseWindow);
            else if (task.Args is MultipleChoiceArgs args) ChoiceRequests(config, task, args, tokenizer, baseWindow);
        }
    }

    static List<TaskSample> ShortSamples(GeneralSuiteConfig config, GeneralTask task, ITokenizer tokenizer, int baseWindow)
    {
        var generator = new ShortTasks(task, tokenizer);
        var batch = Enumerable.Range(0, config.Samples).Select(i => generator.Generate(i, Seeds.Derive(config.Seed, task.Name, 0, i))).ToList();
        foreach (var sample in batch.Where(s => s.Length > baseWindow))
            throw new ConfigException(config.File, $"tasks.{task.Name}.args",
                $"sample {sample.Index} needs {sample.Length} tokens (prompt + generation) but the base window is {baseWindow}");
        return batch;
    }

    static (IReadOnlyList<ChoiceItem> Items, List<(int[] Context, int[] Continuation)> Requests) ChoiceRequests(GeneralSuiteConfig config, GeneralTask task,
        MultipleChoiceArgs args, ITokenizer tokenizer, int baseWindow)
    {
        if (args.Source == ChoiceSource.Jsonl && !File.Exists(args.Path))
            throw new ConfigException(config.File, $"tasks.{task.Name}.args.path", $"no multiple-choice file {args.Path}");
        var items = args.Source == ChoiceSource.Synthetic
            ? SyntheticChoices.Generate(args.Count, Seeds.Derive(config.Seed, task.Name, 0, 0))
            : ChoiceItem.ReadJsonl(args.Path!).Take(args.Count).ToList();
        var requests = new List<(int[] Context, int[] Continuation)>();
        foreach (var item in items)
        {
            int[] context = tokenizer.Encode(MultipleChoice.Context(item));
            foreach (string choice in item.Choices)
            {
                int[] continuation = tokenizer.Encode(" " + choice);
                if (context.Length + continuation.Length > baseWindow)
                    throw new ConfigException(args.Path ?? config.File, $"tasks.{task.Name}", $"an item needs {context.Length + continuation.Length} tokens, over the base window {baseWindow}");
                requests.Add((context, continuation));
            }
        }
        return (items, requests);
    }

    List<SampleRecord> RunShort(GeneralTask task, int baseWindow)
    {
        var batch = ShortSamples(config, task, tokenizer, baseWindow);
        // Only EOS (or the budget) ends an answer, as in the RULER suite: a newline inside a copied list is part of it.
        var outputs = evaluator.Generate(batch.Select(s => s.Prompt).ToList(), task.TokensToGenerate, new HashSet<int> { tokenizer.EosId });
        return batch.Select((s, i) =>
        {
            string prediction = Scoring.Clean(tokenizer.Decode(outputs[i]));
            return new SampleRecord(task.Name, s.Length, null, s.Index, s.Seed, s.PromptHash, s.Prompt.Length, prediction, s.References,
                Scoring.Score(task.Metric!.Value, prediction, s.References));
        }).ToList();
    }

    List<ChoiceRecord> RunChoices(GeneralTask task, MultipleChoiceArgs args, int baseWindow)
    {
        var (items, requests) = ChoiceRequests(config, task, args, tokenizer, baseWindow);
        var results = evaluator.LogLikelihood(requests);
        var records = new List<ChoiceRecord>();
        int next = 0;
        for (int i = 0; i < items.Count; i++)
        {
            var lls = results.Skip(next).Take(items[i].Choices.Count).ToArray();
            next += items[i].Choices.Count;
            records.Add(MultipleChoice.Score(task.Name, i, items[i], lls));
        }
        return records;
    }

    static void AddChoiceRows(List<SummaryRow> summary, string task, int window, List<ChoiceRecord> records)
    {
        var acc = records.Select(r => r.Acc).ToList();
        var accNorm = records.Select(r => r.AccNorm).ToList();
        summary.Add(new SummaryRow(task, window, "acc", acc.Average(a => a ? 1.0 : 0.0), records.Count, 0));
        summary.Add(new SummaryRow(task, window, "acc_stderr", MultipleChoice.StandardError(acc), records.Count, 0));
        summary.Add(new SummaryRow(task, window, "acc_norm", accNorm.Average(a => a ? 1.0 : 0.0), records.Count, 0));
        summary.Add(new SummaryRow(task, window, "acc_norm_stderr", MultipleChoice.StandardError(accNorm), records.Count, 0));
    }
}
