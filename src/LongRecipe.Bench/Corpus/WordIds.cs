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
            .Where(id => id != tokenizer.PadId && id != tokenizer.BosId && id != tokenizer.EosId && id != tokenizer.UnkId && id != Newline).ToArray();
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
    /// <summary>Every word, digit and punctuation id (no newline or special token): the alphabet of random copy lists.</summary>
    public int[] Copyable { get; }

    public int Digit(int digit) => _tokenizer.DigitId(digit);

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
