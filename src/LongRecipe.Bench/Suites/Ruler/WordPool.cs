using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>Single words for the word-counting tasks: every content word of the lexicon (180), in lexicon order.</summary>
internal static class WordPool
{
    public static readonly string[] Content =
        Lexicon.Nouns.Concat(Lexicon.Adjectives).Concat(Lexicon.Verbs).Concat(Lexicon.Adverbs).Concat(Lexicon.Names).Concat(Lexicon.Places)
            .Distinct(StringComparer.Ordinal).ToArray();
}
