using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Suites.Ruler;

public sealed class NeedleDepthTests
{
    static readonly WordTokenizer Tokenizer = new();
    static readonly RulerSuiteConfig Suite = RulerSuiteLoader.Load(SuitePaths.RulerYaml);

    [Theory]
    [InlineData("niah_single_1")]
    [InlineData("niah_single_2")]
    [InlineData("niah_multikey_1")]
    [InlineData("niah_multikey_2")]
    [InlineData("niah_multikey_3")]
    [InlineData("niah_multivalue")]
    public void First_answer_needle_sits_at_the_requested_depth_of_the_haystack(string name)
    {
        var generator = RulerFamilies.Create(Suite.Only([name]).Tasks[0], Tokenizer);
        foreach (int length in new[] { 1024, 2048 })
            foreach (double depth in new[] { 0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0 })
                for (int seed = 1; seed <= 3; seed++)
                {
                    var sample = generator.Generate(new SampleRequest(length, 0, seed, depth));
                    int needle = sample.NeedlePositions[0];
                    string text = Tokenizer.Decode(sample.Prompt[needle..]);
                    Assert.StartsWith("one of the special magic", text);
                    Assert.Contains(sample.References, r => text[..text.IndexOf('.')].Contains(r, StringComparison.Ordinal));
                    // Other needles before it and unit granularity move it a little; the haystack is ~900+ tokens.
                    double measured = (needle - sample.HaystackStart) / (double)sample.HaystackLength;
                    Assert.True(Math.Abs(measured - depth) <= 0.08, $"{name} L={length} seed={seed}: depth {depth} measured {measured:F3}");
                }
    }

    [Fact]
    public void Needle_index_over_prompt_length_follows_depth_in_a_long_prompt()
    {
        var generator = RulerFamilies.Create(Suite.Only(["niah_single_1"]).Tasks[0], Tokenizer);
        var positions = new[] { 0.0, 0.5, 1.0 }.Select(d =>
        {
            var sample = generator.Generate(new SampleRequest(2048, 0, 5, d));
            return sample.NeedlePositions[0] / (double)sample.Prompt.Length;
        }).ToArray();
        Assert.True(positions[0] < 0.05 && Math.Abs(positions[1] - 0.5) < 0.05 && positions[2] > 0.93, string.Join(", ", positions));
    }

    [Fact]
    public void Suite_cycles_its_depth_list_over_sample_indices()
    {
        Assert.Equal([0.0, 25.0, 50.0, 75.0, 100.0], Suite.DepthPercents);
        Assert.Equal(0.25, Suite.DepthFor(6));
    }
}
