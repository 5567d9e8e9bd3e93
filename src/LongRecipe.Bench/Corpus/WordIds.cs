using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Corpus;

/// <summary>Token ids of the lexicon's word classes and the punctuation the corpus writes, resolved once.</summary>
internal sealed class WordIds
{
    public WordIds(WordTokenizer tokenizer)
    {
        _tokenizer = tokenizer;
        Determiners = Ids(Lexicon.Determiners);
        Nouns = Ids(Lexicon.Nouns);
        Adjectives = Ids(Lexicon.Adjectives);
        Verbs = Ids(Lexicon.Verbs);
        Prepositions = Ids(Lexicon.Prepositions);
        Adverbs = Ids(Lexicon.Adverbs);
        Conjunctions = Ids(Lexicon.Conjunctions);
        Names = Ids(Lexicon.Names);
        Places = Ids(Lexicon.Places);
        CodeWords = Ids(Lexicon.CodeWords);
        Period = Id(".");
        Colon = Id(":");
        QuestionMark = Id("?");
        ExclamationMark = Id("!");
        Comma = Id(",");
        EqualsSign = Id("=");
        Newline = Id("\n");
        Copyable = Enumerable.Range(0, tokenizer.VocabSize)
            .Where(id => id != tokenizer.PadId && id != tokenizer.BosId && id != tokenizer.EosId && id != tokenizer.UnkId && id != Newline
                         && !tokenizer.IsNumber(id)).ToArray();
    }

    readonly WordTokenizer _tokenizer;

    public int[] Determiners { get; }
    public int[] Nouns { get; }
    public int[] Adjectives { get; }
    public int[] Verbs { get; }
    public int[] Prepositions { get; }
    public int[] Adverbs { get; }
    public int[] Conjunctions { get; }
    public int[] Names { get; }
    public int[] Places { get; }
    public int[] CodeWords { get; }
    public int Period { get; }
    public int Colon { get; }
    public int QuestionMark { get; }
    public int ExclamationMark { get; }
    public int Comma { get; }
    public int EqualsSign { get; }
    public int Newline { get; }
    /// <summary>Every word and punctuation id (no number, newline or special token): the words of random copy lists.</summary>
    public int[] Copyable { get; }

    /// <summary>The tokens of a random number of <paramref name="digits"/> digits (pieces of up to three).</summary>
    public int[] Number(int digits, Random random) =>
        _tokenizer.Encode(string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + random.Next(10)))));

    public int NumberPiece(Random random) => _tokenizer.RandomNumberPiece(random);

    /// <summary>The id of a vocabulary word; a word missing from the lexicon is a programming error, not bad input.</summary>
    public int Id(string token)
    {
        int id = _tokenizer.Id(token);
        return id != _tokenizer.UnkId
            ? id
            : throw new InvalidOperationException($"The corpus uses '{token}', which is not in the WordTokenizer vocabulary.");
    }

    int[] Ids(string[] words) => Array.ConvertAll(words, Id);
}
