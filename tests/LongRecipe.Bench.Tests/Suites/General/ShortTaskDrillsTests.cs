using System.Text.RegularExpressions;
using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.General;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Suites.General;

public sealed class ShortTaskDrillsTests
{
    static readonly WordTokenizer Tokenizer = new();
    static readonly GeneralSuiteConfig Suite = GeneralSuiteLoader.Load(SuitePaths.GeneralYaml);

    static ShortTasks Task(string name) => new(Suite.Tasks.Single(t => t.Name == name), Tokenizer);

    /// <summary>The drill's own text: the running text before it may state facts of its own.</summary>
    static string Instance(Document document)
    {
        string text = Tokenizer.Decode(document.Tokens);
        return text[text.LastIndexOf("remember the following values", StringComparison.Ordinal)..];
    }

    [Fact]
    public void The_tasks_own_prompt_is_the_facts_and_the_first_question()
    {
        foreach (var task in Suite.Tasks.Where(t => t.Metric is not null))
        {
            var sample = new ShortTasks(task, Tokenizer).Generate(0, seed: 17);
            var text = new ShortTasks(task, Tokenizer).Compose(new Random(17));
            Assert.Equal(Tokenizer.Encode(text.Context + text.Questions[0].Question), sample.Prompt);
            Assert.Equal(TaskText.Canonical(Tokenizer, text.Questions[0].Answer), sample.References[0]);
        }
    }

    [Fact]
    public void A_retrieval_drill_asks_several_keys_and_each_answer_is_that_keys_value()
    {
        var drills = new ShortTaskDrills([Task("kv_retrieval").Compose], new SyntheticCorpus(Tokenizer), Tokenizer);
        foreach (var document in drills.Documents(20, 128, seed: 5))
        {
            Assert.Equal((128, Tokenizer.EosId), (document.Length, document.Tokens[^1]));
            string text = Instance(document);
            var facts = Regex.Matches(text, @"(\w+) ?= ?(\d+)\.").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            var asked = Regex.Matches(text, @"the value for (\w+)\? \1 = (\d+)");
            Assert.InRange(asked.Count, 3, 8);
            Assert.All(asked, m => Assert.Equal(facts[m.Groups[1].Value], m.Groups[2].Value));
            // The last answer starts AnswerStart; every answer token copies the equal token in the facts.
            Assert.Equal(asked[^1].Groups[2].Value, Tokenizer.Decode(document.Tokens[document.AnswerStart!.Value..^1]).Trim());
            int[] answerIds = [.. asked.Select(m => Tokenizer.Id(m.Groups[2].Value))];
            var annotated = Enumerable.Range(0, 128).Where(i => answerIds.Contains(document.Tokens[i]) && document.EvidenceIndex[i] >= 0).ToList();
            Assert.Equal(asked.Count, annotated.Count);
            Assert.All(annotated, i => Assert.Equal(document.Tokens[i], document.Tokens[document.EvidenceIndex[i]]));
        }
    }

    [Fact]
    public void A_chain_drill_asks_variables_at_every_hop_and_answers_with_each_chains_trace()
    {
        var drills = new ShortTaskDrills([Task("assignment_chain").Compose], new SyntheticCorpus(Tokenizer), Tokenizer);
        foreach (var document in drills.Documents(20, 128, seed: 6))
        {
            string text = Instance(document);
            var links = Regex.Matches(text, @"var (\w+) ?= ?(var (\w+)|(\d+))\.").ToDictionary(m => m.Groups[1].Value, m => m);
            string Trace(string name) => $"var {name} = " + (links[name].Groups[4].Success ? links[name].Groups[4].Value : Trace(links[name].Groups[3].Value));
            var asked = Regex.Matches(text, @"the value of var (\w+)\? track it back: ([^\n]+?)(?=what is|$)");
            Assert.InRange(asked.Count, 2, 12);
            Assert.All(asked, m => Assert.Equal(Trace(m.Groups[1].Value), m.Groups[2].Value.Trim()));
            // Every answer token copies an equal token of the facts, so the trace weighs as recall.
            Assert.All(Enumerable.Range(document.AnswerStart!.Value, document.Length - 1 - document.AnswerStart.Value),
                i => Assert.Equal(document.Tokens[i], document.Tokens[document.EvidenceIndex[i]]));
        }
    }

    [Fact]
    public void A_copy_drill_is_the_one_instance_ending_with_eos()
    {
        var drills = new ShortTaskDrills([Task("copy_words").Compose], new SyntheticCorpus(Tokenizer), Tokenizer);
        var document = drills.Documents(1, 128, seed: 7).Single();
        string text = Tokenizer.Decode(document.Tokens[..^1]);
        Assert.Single(Regex.Matches(text, "Return the list. The list:", RegexOptions.IgnoreCase));
        Assert.Equal(Tokenizer.EosId, document.Tokens[^1]);
    }
}
