using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Runs;

public sealed class TrainingTextTests
{
    static readonly WordTokenizer Tokenizer = new();

    static IDocumentSource For(string path)
    {
        var profile = Profile.Load(path);
        return TrainingText.For(profile, path, new SuiteEvaluation(profile, path, Tokenizer), Tokenizer);
    }

    static string WithCorpus(TempFolder folder, string corpus, string suites = "")
    {
        string path = MicroProfile.Write(folder, methods: "[base]");
        File.WriteAllText(path, File.ReadAllText(path).Replace("name: micro", $"name: micro\ncorpus: {corpus}") + suites);
        return path;
    }

    [Fact]
    public void Without_a_task_share_the_training_text_is_the_synthetic_language_alone()
    {
        using var folder = new TempFolder();
        string path = WithCorpus(folder, "{task_share: 0}");
        Assert.IsType<SyntheticCorpus>(For(path));
    }

    [Fact]
    public void A_task_share_mixes_in_suite_instances_that_end_with_their_answer_and_eos()
    {
        using var folder = new TempFolder();
        string path = WithCorpus(folder, "{task_share: 0.5}");
        var documents = For(path).Documents(200, 128, seed: 4).ToList();
        int instances = documents.Count(d => d.Tokens[^1] == Tokenizer.EosId);   // running text never writes EOS
        Assert.InRange(instances, 70, 130);
        Assert.All(documents, d => Assert.Equal(128, d.Length));
    }

    [Fact]
    public void Every_annotated_token_of_the_mix_has_a_dependency_kind_and_instance_answers_are_tasks()
    {
        using var folder = new TempFolder();
        string path = WithCorpus(folder, "{task_share: 0.5, repeat_share: 0.3, kinds: [key-value, passage]}");
        var documents = For(path).Documents(200, 128, seed: 4).ToList();
        Assert.All(documents, d => Assert.Equal(d.EvidenceIndex.Select(e => e < 0), d.Kinds!.Select(k => k == DependencyKind.None)));
        Assert.All(documents.Where(d => d.AnswerStart is not null), d =>
            Assert.All(Enumerable.Range(d.AnswerStart!.Value, d.Length - d.AnswerStart.Value).Where(i => d.EvidenceIndex[i] >= 0),
                i => Assert.Equal(DependencyKind.Task, d.Kinds![i])));
        var seen = documents.SelectMany(d => d.Kinds!).Where(k => k != DependencyKind.None).Distinct().Order();
        Assert.Equal([DependencyKind.KeyValue, DependencyKind.Passage, DependencyKind.Copy, DependencyKind.Task], seen);
    }

    [Fact]
    public void Synthetic_multiple_choice_is_among_the_instances_in_its_evaluation_format()
    {
        using var folder = new TempFolder();
        string path = WithCorpus(folder, "{task_share: 1}");
        var choices = For(path).Documents(300, 128, seed: 2)
            .Where(d => Tokenizer.Decode(d.Tokens[..d.AnswerStart!.Value]).EndsWith("live?\nanswer:", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(choices);
        foreach (var document in choices)
        {
            // "x lives in y. … where does x live?\nAnswer: y <eos>": the answer is the asked person's city from the facts.
            string text = Tokenizer.Decode(document.Tokens[..^1]);
            // The running text before the instance may hold its own entity facts and questions: the instance's is the last.
            string person = System.Text.RegularExpressions.Regex.Matches(text, @"where does (\w+) live\?")[^1].Groups[1].Value;
            string city = Tokenizer.Decode(document.Tokens[document.AnswerStart!.Value..^1]).Trim();
            Assert.NotEqual("", person);
            Assert.Contains($"{person} lives in {city}.", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_task_weight_draws_that_task_as_often_as_that_many_tasks_and_zero_leaves_it_out()
    {
        using var folder = new TempFolder();
        int Chains(string weights) => For(WithCorpus(folder, $"{{task_share: 1{weights}}}")).Documents(400, 128, seed: 5)
            .Count(d => Tokenizer.Decode(d.Tokens).Contains("track it back:", StringComparison.Ordinal));
        int once = Chains(""), thrice = Chains(", task_weights: {assignment_chain: 3}");
        Assert.InRange(once, 10, 400);
        Assert.True(thrice > 2 * once, $"weight 3: {thrice} chain drills against {once} at weight 1");
        Assert.Equal(0, Chains(", task_weights: {assignment_chain: 0}"));
    }

    [Theory]
    [InlineData("{nope: 2}", "corpus.task_weights.nope")]
    [InlineData("{assignment_chain: -1}", "corpus.task_weights.assignment_chain")]
    public void A_task_weight_for_no_task_of_the_suites_or_out_of_range_is_the_profiles_error(string weights, string field)
    {
        using var folder = new TempFolder();
        string path = WithCorpus(folder, $"{{task_share: 0.5, task_weights: {weights}}}");
        var error = Assert.Throws<ConfigException>(() => For(path));
        Assert.Equal((path, field), (error.File, error.Field));
    }

    [Fact]
    public void A_task_share_without_any_generative_suite_is_the_profiles_error()
    {
        using var folder = new TempFolder();
        string path = WithCorpus(folder, "{task_share: 0.5}");
        File.WriteAllText(path, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(path), "suites: .*", "suites: {ruler: null, general: null}"));
        var error = Assert.Throws<ConfigException>(() => For(path));
        Assert.Equal((path, "corpus.task_share"), (error.File, error.Field));
    }

    [Fact]
    public void Copy_steps_put_a_phase_of_copy_documents_before_the_mix()
    {
        using var folder = new TempFolder();
        string path = WithCorpus(folder, "{task_share: 0.5}");
        File.WriteAllText(path, File.ReadAllText(path).Replace("window: 128, steps: 12,", "window: 128, steps: 12, copy_steps: 20,"));
        var profile = Profile.Load(path);
        var text = For(path);

        var phases = TrainingText.Pretraining(profile, text, Tokenizer);

        Assert.Equal(["copies", "mix"], phases.Select(p => p.Name));
        Assert.All(phases, p => Assert.Equal(1f, p.RecallWeight));
        Assert.Same(text, phases[1].Text);
        Assert.Equal((20, "constant"), (phases[0].Training.Steps, phases[0].Training.Optimizer.Schedule));
        Assert.NotEqual(phases[1].Training.Seed, phases[0].Training.Seed);
        // Copy documents recur earlier spans (annotated copies are a large share of their tokens); none is a task instance.
        var copies = phases[0].Text.Documents(20, 128, seed: 3).ToList();
        Assert.InRange(copies.Sum(d => d.EvidenceIndex.Count(e => e >= 0)), 0.25 * 20 * 128, 20 * 128);
        Assert.DoesNotContain(copies, d => d.Tokens.Contains(Tokenizer.EosId));
    }

    [Fact]
    public void Without_copy_steps_pretraining_is_the_mix_alone()
    {
        using var folder = new TempFolder();
        string path = WithCorpus(folder, "{task_share: 0.5}");
        var profile = Profile.Load(path);
        var phase = Assert.Single(TrainingText.Pretraining(profile, For(path), Tokenizer));
        Assert.Equal((profile.Base.Steps, profile.Seed), (phase.Training.Steps, phase.Training.Seed));
    }
}
