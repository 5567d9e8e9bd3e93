namespace LongRecipe.Bench.Suites;

/// <summary>
/// Concatenates separately tokenized pieces. Prompts are built from token ids, never re-tokenized as one string, so a
/// prompt's length is the sum of its pieces' lengths and fitting costs one encode per piece.
/// </summary>
internal sealed class PromptBuilder
{
    readonly List<int> _tokens = new(1024);

    public int Count => _tokens.Count;

    /// <summary>Appends <paramref name="piece"/> and returns the index of its first token.</summary>
    public int Append(int[] piece)
    {
        int start = _tokens.Count;
        _tokens.AddRange(piece);
        return start;
    }

    public int[] ToArray() => [.. _tokens];
}
