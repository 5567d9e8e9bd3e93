using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>
/// The "essay" filler: random simple sentences of the synthetic language ("the old farmer sees a river near the
/// village."). It is built only from content words, determiners, prepositions and conjunctions, never from the
/// function words that frame needles and questions (special, magic, number, value, key, answer, …), and holds no
/// digits or number words, so nothing in it can pass for a needle or an answer.
/// </summary>
public sealed class GrammarEssayHaystack : IHaystackSource
{
    /// <summary>"one" is left out: it reads as a number and opens every needle ("One of the special magic …").</summary>
    static readonly string[] Determiners = Lexicon.Determiners.Where(d => d != "one").ToArray();

    public IEnumerable<int[]> Sentences(ITokenizer tokenizer, Random random)
    {
        while (true) yield return tokenizer.Encode(" " + Sentence(random));
    }

    static string Sentence(Random random)
    {
        string clause = $"{Pick(random, Determiners)} {Pick(random, Lexicon.Adjectives)} {Pick(random, Lexicon.Nouns)} "
                        + $"{Pick(random, Lexicon.Verbs)} {Pick(random, Determiners)} {Pick(random, Lexicon.Nouns)}";
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
