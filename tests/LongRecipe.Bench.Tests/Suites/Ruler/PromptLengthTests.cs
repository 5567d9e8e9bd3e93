using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Suites.Ruler;

public sealed class PromptLengthTests
{
    static readonly WordTokenizer Tokenizer = new();
    static readonly RulerSuiteConfig Suite = RulerSuiteLoader.Load(SuitePaths.RulerYaml);

    public static TheoryData<string> Tasks()
    {
        var data = new TheoryData<string>();
        foreach (var task in Suite.Tasks) data.Add(task.Name);
        return data;
    }

    [Fact]
    public void The_suite_runs_from_the_base_window_to_8x_it()
    {
        Assert.Equal([128, 256, 512, 1024], Suite.Lengths);
    }

    /// <summary>The suite's lengths (128 = the tiny base window), odd ones in between, and 2048 for longer runs.</summary>
    [Theory]
    [MemberData(nameof(Tasks))]
    public void Prompt_fills_length_minus_generation_budget_exactly(string name)
    {
        var generator = RulerFamilies.Create(Suite.Only([name]).Tasks[0], Tokenizer);
        foreach (int length in new[] { 128, 200, 256, 384, 512, 777, 1024, 2048 })
            for (int index = 0; index < 6; index++)
            {
                int seed = Seeds.Derive(7, name, length, index);
                var sample = generator.Generate(new SampleRequest(length, index, seed, Suite.DepthFor(index)));
                Assert.True(sample.Prompt.Length == length - generator.TokensToGenerate,
                    $"{name} length {length} seed {seed}: prompt {sample.Prompt.Length} tokens, expected {length - generator.TokensToGenerate}");
            }
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Prompts_use_only_the_closed_vocabulary_and_contain_their_answers(string name)
    {
        var generator = RulerFamilies.Create(Suite.Only([name]).Tasks[0], Tokenizer);
        foreach (int length in new[] { 128, 1024 })
        {
            var sample = generator.Generate(new SampleRequest(length, 0, Seeds.Derive(42, name, length, 0), 0.5));
            Assert.DoesNotContain(Tokenizer.UnkId, sample.Prompt);
            string text = Tokenizer.Decode(sample.Prompt);
            Assert.DoesNotContain(WordTokenizer.Unk, text);
            Assert.All(sample.References, r => Assert.Contains(r, text, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Same_seed_gives_same_prompt_and_another_seed_a_different_one(string name)
    {
        var generator = RulerFamilies.Create(Suite.Only([name]).Tasks[0], Tokenizer);
        var first = generator.Generate(new SampleRequest(512, 0, 11, 0.25));
        var again = generator.Generate(new SampleRequest(512, 0, 11, 0.25));
        var other = generator.Generate(new SampleRequest(512, 0, 12, 0.25));
        Assert.Equal(first.Prompt, again.Prompt);
        Assert.NotEqual(first.PromptHash, other.PromptHash);
    }
}
