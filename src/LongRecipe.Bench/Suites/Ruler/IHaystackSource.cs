using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>
/// Filler for the "essay" haystack: natural sentences as token ids, in reading order, produced lazily for as long as
/// the caller keeps reading. The tiny scale plugs in the synthetic corpus (<see cref="TokenStreamHaystack"/>);
/// <see cref="GrammarEssayHaystack"/> is the self-contained default.
/// </summary>
public interface IHaystackSource
{
    IEnumerable<int[]> Sentences(ITokenizer tokenizer, Random random);
}
