using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>
/// Filler for the "essay" haystack: natural sentences as token ids, in reading order, produced lazily for as long as
/// the caller keeps reading. <see cref="GrammarEssayHaystack"/> is the default; a source plugged in instead (e.g. real
/// essays for a real model) must, like it, hold no needle or question wording and no digits.
/// </summary>
public interface IHaystackSource
{
    IEnumerable<int[]> Sentences(ITokenizer tokenizer, Random random);
}
