using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Suites.Ruler;

/// <summary>The references of the counting tasks really are the most frequent words of the prompt, at every length (incl. the pool-exhausted ones).</summary>
public sealed class WordCountingAnswerTests
{
    static readonly WordTokenizer Tokenizer = new();
    static readonly RulerSuiteConfig Suite = RulerSuiteLoader.Load(SuitePaths.RulerYaml);

    static Dictionary<string, int> Counts(TaskSample sample) =>
        Tokenizer.Decode(sample.Prompt[sample.HaystackStart..(sample.HaystackStart + sample.HaystackLength)])
            .Split([' ', '.'], StringSplitOptions.RemoveEmptyEntries).Where(w => !char.IsAsciiDigit(w[0]))
            .GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());

    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(1024)]
    [InlineData(2048)]
    [InlineData(4096)]
    public void Cwe_references_each_appear_more_often_than_every_other_word(int length)
    {
        var generator = RulerFamilies.Create(Suite.Only(["cwe"]).Tasks[0], Tokenizer);
        var sample = generator.Generate(new SampleRequest(length, 0, 9, 0));
        var counts = Counts(sample);
        int rarestCommon = sample.References.Min(r => counts[r]);
        int commonestOther = counts.Where(p => !sample.References.Contains(p.Key)).Max(p => p.Value);
        Assert.True(rarestCommon > commonestOther, $"common words appear ≥{rarestCommon}×, another word {commonestOther}×");
    }

    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(2048)]
    public void Fwe_references_are_the_three_most_frequent_words_besides_the_dots(int length)
    {
        var generator = RulerFamilies.Create(Suite.Only(["fwe"]).Tasks[0], Tokenizer);
        var sample = generator.Generate(new SampleRequest(length, 0, 4, 0));
        var top = Counts(sample).OrderByDescending(p => p.Value).Take(4).ToArray();
        Assert.True(top[2].Value > top[3].Value, "the third and fourth words must not tie");
        Assert.Equal(sample.References.Order(), top[..3].Select(p => p.Key).Order());
    }
}
