using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>
/// RULER's "noise" haystack: one fixed block of five plain sentences repeated line after line (our wording, within
/// the synthetic vocabulary). Units are single sentences so needles can sit at a fine depth.
/// </summary>
public sealed class NoiseHaystack : IHaystackSource
{
    static readonly string[] Block =
    [
        "The grass is green.", "The sky is bright.", "The sun is golden.", "Here we go.", "There and back again.",
    ];

    public IEnumerable<int[]> Sentences(ITokenizer tokenizer, Random random)
    {
        var encoded = Block.Select((s, i) => tokenizer.Encode(" " + s + (i == Block.Length - 1 ? "\n" : ""))).ToArray();
        for (long i = 0; ; i++) yield return encoded[i % encoded.Length];
    }
}
