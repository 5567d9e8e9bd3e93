using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>
/// RULER's "noise" haystack: one fixed block of five plain sentences repeated line after line. In the compact wording the
/// block keeps to the synthetic vocabulary ("bright", "golden" for RULER's "blue", "yellow"). Units are single sentences
/// so needles can sit at a fine depth.
/// </summary>
public sealed class NoiseHaystack(Wording wording = Wording.Compact) : IHaystackSource
{
    readonly string[] _block = wording == Wording.Ruler
        ? ["The grass is green.", "The sky is blue.", "The sun is yellow.", "Here we go.", "There and back again."]
        : ["The grass is green.", "The sky is bright.", "The sun is golden.", "Here we go.", "There and back again."];

    public IEnumerable<int[]> Sentences(ITokenizer tokenizer, Random random)
    {
        var encoded = _block.Select((s, i) => tokenizer.Encode(" " + s + (i == _block.Length - 1 ? "\n" : ""))).ToArray();
        for (long i = 0; ; i++) yield return encoded[i % encoded.Length];
    }
}
