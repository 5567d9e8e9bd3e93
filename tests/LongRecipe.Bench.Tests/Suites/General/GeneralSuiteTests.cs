using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.General;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Suites.General;

public sealed class GeneralSuiteTests
{
    static readonly WordTokenizer Tokenizer = new();
    static readonly GeneralSuiteConfig Suite = GeneralSuiteLoader.Load(SuitePaths.GeneralYaml);

    [Fact]
    public void Acc_takes_the_highest_log_likelihood_and_acc_norm_divides_by_character_length()
    {
        var item = new ChoiceItem("q", ["a", "abcdefghij"], Answer: 1);
        // Raw: -2 beats -5. Per character: -2/1 = -2 loses to -5/10 = -0.5.
        var record = MultipleChoice.Score("mc", 0, item, [-2.0, -5.0]);
        Assert.Equal((0, 1, false, true), (record.Predicted, record.PredictedNorm, record.Acc, record.AccNorm));
    }

    [Fact]
    public void Ties_go_to_the_first_choice()
    {
        Assert.Equal(0, MultipleChoice.Score("mc", 0, new ChoiceItem("q", ["x", "y"], 1), [-1.0, -1.0]).Predicted);
    }

    [Fact]
    public void Standard_error_uses_the_sample_deviation()
    {
        // Outcomes 1,0,1,0: mean 0.5, sample variance 1/3, stderr sqrt(1/12).
        Assert.Equal(Math.Sqrt(1.0 / 12), MultipleChoice.StandardError([true, false, true, false]), 12);
    }

    [Fact]
    public void Jsonl_reader_accepts_mmlu_style_lines_and_names_a_bad_line()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mc-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, "{\"question\": \"2+2?\", \"choices\": [\"3\", \"4\"], \"answer\": 1}\n\n{\"question\": \"x\", \"choices\": [\"a\", \"b\"], \"answer\": 2}\n");
        try
        {
            var error = Assert.Throws<ConfigException>(() => ChoiceItem.ReadJsonl(path));
            Assert.Equal("line 3: answer", error.Field);
            File.WriteAllText(path, "{\"question\": \"2+2?\", \"choices\": [\"3\", \"4\"], \"answer\": 1}\n");
            Assert.Equal(new[] { "3", "4" }, ChoiceItem.ReadJsonl(path).Single().Choices);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Held_out_loss_weights_windows_by_predicted_tokens()
    {
        // The fake's mean loss of a window is its length. Windows 4,4,2 (from 10 tokens), 3 and none from [7]:
        // (4·3 + 4·3 + 2·1 + 3·2) / (3 + 3 + 1 + 2) = 32 / 9.
        var result = HeldOutLoss.Evaluate(new FakeEvaluator(64, _ => []), [Enumerable.Range(0, 10).ToArray(), [1, 2, 3], [7]], window: 4);
        Assert.Equal((4, 9L), (result.Windows, result.PredictedTokens));
        Assert.Equal(32.0 / 9, result.Loss, 12);
        Assert.Equal(Math.Exp(32.0 / 9), result.Perplexity, 9);
    }

    [Fact]
    public void Short_tasks_and_synthetic_choices_stay_inside_the_vocabulary()
    {
        foreach (var task in Suite.Tasks.Where(t => t.Metric is not null))
            for (int i = 0; i < 5; i++)
            {
                var sample = new ShortTasks(task, Tokenizer).Generate(i, 100 + i);
                Assert.DoesNotContain(Tokenizer.UnkId, sample.Prompt);
                // Every answer is made of the prompt's own tokens (a chain's trace names its variables and the value).
                Assert.All(Tokenizer.Encode(sample.References[0]), id => Assert.Contains(id, sample.Prompt));
            }
        foreach (var item in SyntheticChoices.Generate(20, 3))
        {
            Assert.DoesNotContain(Tokenizer.UnkId, Tokenizer.Encode(MultipleChoice.Context(item) + " " + string.Join(" ", item.Choices)));
            Assert.Contains(item.Choices[item.Answer], item.Question);
        }
    }

    [Fact]
    public void Short_tasks_with_their_generation_budget_fit_the_128_token_base_window()
    {
        foreach (var task in Suite.Tasks.Where(t => t.Metric is not null))
            for (int i = 0; i < 200; i++)
            {
                var sample = new ShortTasks(task, Tokenizer).Generate(i, Seeds.Derive(Suite.Seed, task.Name, 0, i));
                Assert.True(sample.Length <= 128, $"{task.Name} sample {i}: {sample.Prompt.Length} + {task.TokensToGenerate} tokens");
            }
    }

    [Fact]
    public void Runner_with_an_oracle_scores_100_and_full_accuracy_and_with_garbage_0()
    {
        // The oracle's generation answers from the prompt's own facts; its log-likelihood favours the gold choice.
        var oracle = new FakeEvaluator(128, prompt => Tokenizer.Encode(Answer(Tokenizer.Decode(prompt))),
            (context, continuation) => Tokenizer.Decode(context).Contains(Tokenizer.Decode(continuation).Trim() + ".") && Asked(Tokenizer.Decode(context), Tokenizer.Decode(continuation).Trim()) ? -1 : -9);
        var good = new GeneralSuiteRunner(Suite, oracle, Tokenizer).Run(128, [Enumerable.Range(0, 300).ToArray()]);
        Assert.Equal(5, good.Summary.Count(r => r.Metric is "string_match_all" or "acc" or "acc_norm"));
        Assert.All(good.Summary.Where(r => r.Metric is "string_match_all" or "acc" or "acc_norm"), r => Assert.Equal(r.Metric == "string_match_all" ? 100.0 : 1.0, r.Score));
        Assert.Equal(Suite.Samples, good.Samples.Count(s => s.Task == "copy_words"));

        var garbage = new GeneralSuiteRunner(Suite, new FakeEvaluator(128, _ => Tokenizer.Encode("no")), Tokenizer).Run(128, [[1, 2, 3]]);
        Assert.All(garbage.Summary.Where(r => r.Metric == "string_match_all"), r => Assert.Equal(0.0, r.Score));
        Assert.Contains(garbage.Summary, r => r is { Task: "heldout_loss", Metric: "loss" });
    }

    [Fact]
    public void Generation_stops_only_at_eos_and_text_after_a_newline_is_scored()
    {
        // The answer comes on a second line; a newline stop would leave only "no".
        var evaluator = new FakeEvaluator(128, prompt => [.. Tokenizer.Encode("no\n" + Answer(Tokenizer.Decode(prompt))), Tokenizer.EosId, .. Tokenizer.Encode("the grass")]);
        var result = new GeneralSuiteRunner(Suite, evaluator, Tokenizer).Run(128, [[1, 2, 3]]);
        Assert.All(evaluator.StopIdsAsked, stops => Assert.Equal([Tokenizer.EosId], stops.Order()));
        Assert.All(result.Samples, s => Assert.Equal(("no\n" + s.References[0], 100.0), (s.Prediction, s.Score)));
    }

    [Fact]
    public void A_base_window_beyond_max_length_or_too_small_for_a_task_is_a_config_error()
    {
        Assert.Equal("base_window", Assert.Throws<ConfigException>(() =>
            new GeneralSuiteRunner(Suite, new FakeEvaluator(128, _ => []), Tokenizer).Run(256, [[1, 2]])).Field);
        var error = Assert.Throws<ConfigException>(() => new GeneralSuiteRunner(Suite, new FakeEvaluator(512, _ => []), Tokenizer).Run(16, [[1, 2]]));
        Assert.Contains("base window is 16", error.Message);
    }

    [Fact]
    public void Metric_on_a_non_generative_family_is_rejected()
    {
        string path = Path.Combine(Path.GetTempPath(), $"general-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "version: 1\nsamples: 2\ntasks:\n  - {name: mc, family: multiple_choice, metric: string_match_all}\n");
        try { Assert.Equal("tasks[0].metric", Assert.Throws<ConfigException>(() => GeneralSuiteLoader.Load(path)).Field); }
        finally { File.Delete(path); }
    }

    /// <summary>Solves the short tasks from their text: the value of the asked key/variable, or the list to copy.</summary>
    static string Answer(string prompt)
    {
        string[] lines = prompt.Split('\n');
        if (lines[0].StartsWith("read the following list")) return lines[1].Split(": ", 2)[1];
        string question = lines[^1];
        var facts = lines[1].Split(". ", StringSplitOptions.RemoveEmptyEntries).Select(f => f.TrimEnd('.').Split(" = ")).ToDictionary(f => f[0], f => f[1]);
        if (question.Contains("value for ")) return facts[question.Split("value for ")[1].Split('?')[0]];
        string trace = question.Split("value of ")[1].Split('?')[0];
        for (string key = trace; ; key = facts[key])
            if (!facts[key].StartsWith("var ")) return $"{trace} = {facts[key]}";
            else trace += " = " + facts[key];
    }

    static bool Asked(string context, string place)
    {
        string person = context.Split("where does ")[1].Split(' ')[0];
        return (" " + context).Contains($" {person} lives in {place}.");   // whole names: "ann" is not "joann"
    }
}
