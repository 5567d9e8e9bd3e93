using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.General;
using LongRecipe.Bench.Tests.Text;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Suites.General;

/// <summary>suites/general-english.yaml: the general suite's tasks in real models' tokenizers.</summary>
public sealed class GeneralEnglishTests
{
    static readonly GeneralSuiteConfig English = GeneralSuiteLoader.Load(SuitePaths.GeneralEnglishYaml);

    static HuggingFaceTokenizer Load(string vocab)
    {
        using var folder = new TempFolder();
        return HuggingFaceTokenizer.Load(RealTokenizers.Unpack(vocab, folder.File(vocab)));
    }

    /// <summary>Every sample's answer fits its budget by the suite's rule (tokens + EOS + 2 spare), and its prompt reads back as the facts asked about.</summary>
    [Theory]
    [InlineData("qwen2")]
    [InlineData("mistral")]
    public void Every_answer_fits_its_generation_budget_in_real_vocabularies(string vocab)
    {
        var tokenizer = Load(vocab);
        var misfits = new List<string>();
        foreach (var task in English.Tasks.Where(t => t.Metric is not null))
        {
            var generator = new ShortTasks(task, tokenizer);
            var samples = Enumerable.Range(0, English.Samples).Select(i => generator.Generate(i, Seeds.Derive(English.Seed, task.Name, 0, i))).ToList();
            int longest = samples.Max(s => s.References.Max(r => tokenizer.Encode(" " + r).Length));
            // Within the rule, and not more than twice what it asks (a loose budget only costs time).
            if (longest + 3 > task.TokensToGenerate || 2 * (longest + 3) < task.TokensToGenerate)
                misfits.Add($"{task.Name}: the longest answer takes {longest} tokens; the budget is {task.TokensToGenerate}");
            Assert.All(samples, s => Assert.Contains(s.References[0].Split(' ')[^1], tokenizer.Decode(s.Prompt)));
        }
        Assert.Empty(misfits);
    }

    [Fact]
    public void The_english_suite_asks_what_the_tiny_suite_asks()
    {
        var tiny = GeneralSuiteLoader.Load(SuitePaths.GeneralYaml);
        Assert.Equal(tiny.Tasks.Select(t => (t.Name, t.Family, t.Args)), English.Tasks.Select(t => (t.Name, t.Family, t.Args)));
        Assert.All(English.Tasks.Zip(tiny.Tasks), pair => Assert.True(pair.First.TokensToGenerate >= pair.Second.TokensToGenerate));
    }
}
