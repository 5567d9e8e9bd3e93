using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Text;

public sealed class SentencesTests
{
    static readonly WordTokenizer Tokenizer = new();

    [Fact]
    public void Delimiter_closes_its_sentence_and_trailing_piece_is_its_own_span()
    {
        var tokens = Tokenizer.Encode("the dog sees a cat. is it 42? yes! the river\nthe old horse");
        var spans = Sentences.Split(tokens, Tokenizer);

        var texts = spans.Select(s => Tokenizer.Decode(tokens[s])).ToArray();
        Assert.Equal(["the dog sees a cat.", "is it 42?", "yes!", "the river\n", "the old horse"], texts);
    }

    [Fact]
    public void Spans_tile_the_sequence_exactly()
    {
        var random = new Random(5);
        int[] pool = [.. Tokenizer.Encode("the dog . ? ! \n cat 7 ,")];
        for (int trial = 0; trial < 200; trial++)
        {
            var tokens = Enumerable.Range(0, random.Next(0, 40)).Select(_ => pool[random.Next(pool.Length)]).ToArray();
            var spans = Sentences.Split(tokens, Tokenizer);

            int expectedStart = 0;
            foreach (var span in spans)
            {
                Assert.Equal(expectedStart, span.Start.Value);
                Assert.True(span.End.Value > span.Start.Value);
                // Only the last token of a span may end a sentence, and every span but a trailing one ends with one.
                for (int i = span.Start.Value; i < span.End.Value - 1; i++) Assert.False(Tokenizer.EndsSentence(tokens[i]));
                if (span.End.Value < tokens.Length) Assert.True(Tokenizer.EndsSentence(tokens[span.End.Value - 1]));
                expectedStart = span.End.Value;
            }
            Assert.Equal(tokens.Length, expectedStart);
        }
    }

    [Fact]
    public void Empty_sequence_has_no_spans() => Assert.Empty(Sentences.Split([], Tokenizer));
}
