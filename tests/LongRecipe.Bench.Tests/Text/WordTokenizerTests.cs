using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Text;

public sealed class WordTokenizerTests
{
    static readonly WordTokenizer Tokenizer = new();

    [Theory]
    [InlineData("the old farmer sees a red house near the river.")]
    [InlineData("the special magic number for horse is 4721.\nwhere does alice live? paris.")]
    [InlineData("var apple = 4821-9930-1175. var horse = var apple!")]
    public void Canonical_text_round_trips(string text)
    {
        var ids = Tokenizer.Encode(text);
        Assert.Equal(text, Tokenizer.Decode(ids));
        Assert.Equal(ids, Tokenizer.Encode(Tokenizer.Decode(ids)));
    }

    [Fact]
    public void Numbers_are_cut_left_to_right_into_pieces_of_up_to_three_digits_and_unknown_words_are_unk()
    {
        var ids = Tokenizer.Encode("Horse 1383914 and 07-0042 zebra");
        Assert.Equal(["horse", "138", "391", "4", "and", "07", "-", "004", "2", "<unk>"], ids.Select(Tokenizer.Token));
        Assert.True(ids[1..4].All(Tokenizer.IsNumber));
        Assert.False(Tokenizer.IsNumber(ids[0]) || Tokenizer.IsNumber(ids[6]));
        Assert.Equal("horse 1383914 and 07-0042 <unk>", Tokenizer.Decode(ids));
        // A model's embedding padded past the vocabulary may (untrained) emit an id no token has.
        Assert.Equal("horse <unk>", Tokenizer.Decode([ids[0], Tokenizer.VocabSize + 5]));
    }

    [Fact]
    public void Sentence_ends_are_period_question_exclamation_and_newline()
    {
        var ends = Tokenizer.Encode(". ? ! \n , :").Select(Tokenizer.EndsSentence).ToArray();
        Assert.Equal([true, true, true, true, false, false], ends);
    }

    [Fact]
    public void Special_tokens_have_fixed_ids_and_decode_to_nothing()
    {
        Assert.Equal((0, 1, 2), (Tokenizer.PadId, Tokenizer.BosId, Tokenizer.EosId));
        Assert.Equal("the sky", Tokenizer.Decode([Tokenizer.BosId, .. Tokenizer.Encode("the sky"), Tokenizer.EosId, Tokenizer.PadId]));
        Assert.Equal(Tokenizer.VocabSize, Enumerable.Range(0, Tokenizer.VocabSize).Select(Tokenizer.Token).Distinct().Count());
    }
}
