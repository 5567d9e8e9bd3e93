using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Suites.Ruler;

public sealed class HaystackTests
{
    static readonly WordTokenizer Tokenizer = new();

    [Fact]
    public void Token_stream_source_cuts_generated_chunks_after_each_sentence_end()
    {
        int[] chunk = Tokenizer.Encode("the dog sees a cat. the boat is red? here we go");
        var source = new TokenStreamHaystack((_, _) => chunk, chunkTokens: 32);
        var sentences = source.Sentences(Tokenizer, new Random(1)).Take(4).Select(s => Tokenizer.Decode(s)).ToArray();
        Assert.Equal(["the dog sees a cat.", "the boat is red?", "here we go", "the dog sees a cat."], sentences);
    }

    [Fact]
    public void Essay_tasks_take_their_filler_from_a_plugged_in_source()
    {
        var suite = RulerSuiteLoader.Load(SuitePaths.RulerYaml);
        int[] corpus = Tokenizer.Encode("sven keeps the golden clock. ");
        var source = new TokenStreamHaystack((n, _) => Enumerable.Repeat(corpus, n / corpus.Length + 1).SelectMany(t => t).ToArray());
        var generator = RulerFamilies.Create(suite.Only(["niah_single_2"]).Tasks[0], Tokenizer, source);
        var sample = generator.Generate(new SampleRequest(512, 0, 3, 0.5));
        Assert.Equal(512 - generator.TokensToGenerate, sample.Prompt.Length);
        Assert.Contains("sven keeps the golden clock. sven keeps", Tokenizer.Decode(sample.Prompt));
    }

    [Fact]
    public void A_finite_source_that_runs_out_is_reported_not_looped_on()
    {
        var suite = RulerSuiteLoader.Load(SuitePaths.RulerYaml);
        var source = new ShortSource(Tokenizer.Encode("the sky is bright."), 3);
        var generator = RulerFamilies.Create(suite.Only(["niah_single_2"]).Tasks[0], Tokenizer, source);
        var error = Assert.Throws<PromptDoesNotFitException>(() => generator.Generate(new SampleRequest(512, 0, 3, 0.5)));
        Assert.Contains("ran out", error.Message);
        Assert.Contains("niah_single_2 at length 512", error.Message);
    }

    sealed class ShortSource(int[] sentence, int count) : IHaystackSource
    {
        public IEnumerable<int[]> Sentences(ITokenizer tokenizer, Random random) => Enumerable.Repeat(sentence, count);
    }
}
