using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Suites.Ruler;

public sealed class RulerSuiteRunnerTests
{
    static readonly WordTokenizer Tokenizer = new();
    static readonly RulerSuiteConfig Suite = RulerSuiteLoader.Load(SuitePaths.RulerYaml);
    static readonly int[] Lengths = [128, 512];
    const int Samples = 3;

    /// <summary>
    /// Answers every prompt with <paramref name="answer"/> of its sample (default: the canonical answer, then EOS), found by
    /// regenerating the samples with the runner's seeds.
    /// </summary>
    static FakeEvaluator Oracle(Func<TaskSample, int[]>? answer = null)
    {
        answer ??= sample => [.. Tokenizer.Encode(sample.Answer), Tokenizer.EosId];
        var answers = new Dictionary<string, int[]>();
        foreach (var task in Suite.Tasks)
        {
            var generator = RulerFamilies.Create(task, Tokenizer);
            foreach (int length in Lengths)
                for (int i = 0; i < Samples; i++)
                {
                    var sample = generator.Generate(new SampleRequest(length, i, Seeds.Derive(Suite.Seed, task.Name, length, i), Suite.DepthFor(i)));
                    answers[sample.PromptHash] = answer(sample);
                }
        }
        return new FakeEvaluator(4096, prompt => answers[TaskSample.HashTokens(prompt)]);
    }

    [Fact]
    public void An_oracle_scores_100_on_every_task_and_length()
    {
        var evaluator = Oracle();
        var result = new RulerSuiteRunner(Suite, evaluator, Tokenizer).Run(Lengths, Samples);

        Assert.Equal(Suite.Tasks.Count * Lengths.Length * Samples, result.Records.Count);
        Assert.All(result.Summary, row => Assert.Equal(100.0, row.Score));
        Assert.Equal([128, 512], result.AverageByLength.Keys.Order());
        Assert.Equal(512, result.EffectiveLength.Length);
        // One batched call per task and length (the unit a run resumes after).
        Assert.Equal(Lengths.Length * Suite.Tasks.Count, evaluator.GenerateCalls);
        Assert.All(result.Records, r => Assert.Equal(r.Length - Suite.Tasks.Single(t => t.Name == r.Task).TokensToGenerate, r.PromptTokens));
    }

    [Fact]
    public void Garbage_answers_score_0_and_leave_no_effective_length()
    {
        int[] garbage = Tokenizer.Encode("the grass is green");
        var result = new RulerSuiteRunner(Suite, new FakeEvaluator(4096, _ => garbage), Tokenizer).Run(Lengths, Samples);
        Assert.All(result.Summary, row => Assert.Equal(0.0, row.Score));
        Assert.Null(result.EffectiveLength.Length);
    }

    [Fact]
    public void Records_carry_seed_depth_and_hash_and_are_written_as_jsonl_and_csv()
    {
        var result = new RulerSuiteRunner(Suite.Only(["niah_single_1", "cwe"]), Oracle(), Tokenizer).Run([128], 2);
        var first = result.Records[0];
        Assert.Equal(("niah_single_1", 128, 0), (first.Task, first.Length, first.Index));
        Assert.Equal(Seeds.Derive(Suite.Seed, "niah_single_1", 128, 0), first.Seed);
        Assert.Equal(0.0, first.Depth);
        Assert.Null(result.Records.Single(r => r is { Task: "cwe", Index: 1 }).Depth);
        Assert.Matches("^[0-9a-f]{16}$", first.PromptHash);

        string folder = Directory.CreateTempSubdirectory("ruler-out").FullName;
        try
        {
            SuiteOutput.WriteJsonl(Path.Combine(folder, "samples.jsonl"), result.Records);
            SuiteOutput.WriteSummaryCsv(Path.Combine(folder, "summary.csv"), result.Summary);
            var back = SuiteOutput.ReadJsonl<SampleRecord>(Path.Combine(folder, "samples.jsonl"));
            Assert.Equal(result.Records.Select(r => (r.Task, r.Seed, r.PromptHash, r.Score)), back.Select(r => (r.Task, r.Seed, r.PromptHash, r.Score)));
            Assert.Contains("\"prompt_hash\":", File.ReadLines(Path.Combine(folder, "samples.jsonl")).First());
            string[] csv = File.ReadAllLines(Path.Combine(folder, "summary.csv"));
            Assert.Equal("task,length,metric,score,n,nulls,ci_low,ci_high", csv[0]);
            Assert.Contains("niah_single_1,128,string_match_all,100.00,2,0,,", csv);
            Assert.Contains("average,128,mean_of_tasks,100.00,2,0,,", csv);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Generation_stops_only_at_eos_and_a_multi_line_prediction_is_scored_whole()
    {
        // Each answer comes one per line, then EOS and text that must never be read.
        var evaluator = Oracle(sample => [.. Tokenizer.Encode(string.Join("\n", sample.References)), Tokenizer.EosId, .. Tokenizer.Encode("the grass")]);
        var result = new RulerSuiteRunner(Suite.Only(["niah_multivalue", "vt"]), evaluator, Tokenizer).Run(Lengths, Samples);

        int newline = Tokenizer.Encode("\n").Single();
        Assert.All(evaluator.StopIdsAsked, stops => Assert.Equal([Tokenizer.EosId], stops.Order()));
        Assert.DoesNotContain(evaluator.StopIdsAsked, stops => stops.Contains(newline));
        Assert.All(result.Records, r =>
        {
            Assert.Equal(string.Join("\n", r.References), r.Prediction);
            Assert.Equal(100.0, r.Score);
        });
    }

    [Fact]
    public void A_length_beyond_the_evaluators_max_length_is_a_config_error_naming_the_field()
    {
        var runner = new RulerSuiteRunner(Suite, new FakeEvaluator(1024, _ => []), Tokenizer);
        var error = Assert.Throws<ConfigException>(() => runner.Run([512, 2048], 1));
        Assert.Equal("lengths", error.Field);
        Assert.Contains("2048 exceeds the evaluator's max_length 1024", error.Message);
    }

    [Fact]
    public void A_length_too_short_for_the_fixed_prompt_throws_a_clear_error()
    {
        var generator = RulerFamilies.Create(Suite.Only(["niah_multiquery"]).Tasks[0], Tokenizer);
        var error = Assert.Throws<PromptDoesNotFitException>(() => generator.Generate(new SampleRequest(64, 0, 1, 0.5)));
        Assert.StartsWith("niah_multiquery at length 64:", error.Message);
    }
}
