using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>
/// Default "essay" filler: random simple sentences of the synthetic language ("the old farmer sees a river near the
/// village."), so essay tasks work without the corpus generator. They never contain digits, so they cannot look like a value.
/// </summary>
public sealed class GrammarEssayHaystack : IHaystackSource
{
    public IEnumerable<int[]> Sentences(ITokenizer tokenizer, Random random)
    {
        while (true) yield return tokenizer.Encode(" " + Sentence(random));
    }

    static string Sentence(Random random)
    {
        string clause = $"{Pick(random, Lexicon.Determiners)} {Pick(random, Lexicon.Adjectives)} {Pick(random, Lexicon.Nouns)} "
                        + $"{Pick(random, Lexicon.Verbs)} {Pick(random, Lexicon.Determiners)} {Pick(random, Lexicon.Nouns)}";
        string tail = random.Next(3) switch
        {
            0 => $" {Pick(random, Lexicon.Prepositions)} the {Pick(random, Lexicon.Nouns)}",
            1 => $" {Pick(random, Lexicon.Adverbs)}",
            _ => $" {Pick(random, Lexicon.Conjunctions)} {Pick(random, Lexicon.Names)} {Pick(random, Lexicon.Verbs)} the {Pick(random, Lexicon.Nouns)}",
        };
        string text = clause + tail + ".";
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    static string Pick(Random random, string[] words) => words[random.Next(words.Length)];
}
