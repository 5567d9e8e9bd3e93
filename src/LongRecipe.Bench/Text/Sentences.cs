namespace LongRecipe.Bench.Text;

/// <summary>Sentence spans of a token sequence, by the tokenizer's sentence-ending ids.</summary>
public static class Sentences
{
    /// <summary>
    /// Contiguous spans that tile <paramref name="tokens"/> exactly, in order. A sentence-ending id closes (and belongs to)
    /// its sentence; a trailing piece without one is a span of its own. An empty sequence has no spans.
    /// </summary>
    public static IReadOnlyList<Range> Split(ReadOnlySpan<int> tokens, ITokenizer tokenizer)
    {
        var spans = new List<Range>();
        int start = 0;
        for (int i = 0; i < tokens.Length; i++)
        {
            if (!tokenizer.EndsSentence(tokens[i])) continue;
            spans.Add(start..(i + 1));
            start = i + 1;
        }
        if (start < tokens.Length) spans.Add(start..tokens.Length);
        return spans;
    }

    /// <summary>Start offset of a span built by <see cref="Split"/> (spans count from the start of the sequence).</summary>
    public static int StartOf(this Range span) => span.Start.Value;

    public static int LengthOf(this Range span) => span.End.Value - span.Start.Value;
}
