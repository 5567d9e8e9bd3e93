namespace LongRecipe.Bench.Corpus;

/// <summary>
/// One generated document: token ids plus, per token, where the long-range evidence for predicting it lies.
/// <see cref="EvidenceIndex"/>[i] is the index of the earlier token whose content token i repeats (a stated digit or place
/// that a later recall copies; for variable chains the original value, the earliest token needed), or -1 when local context
/// suffices. For every annotated i: EvidenceIndex[i] &lt; i and Tokens[EvidenceIndex[i]] == Tokens[i].
/// Arrays compare by reference in record equality; compare documents with SequenceEqual.
/// </summary>
public sealed record Document(int[] Tokens, int[] EvidenceIndex)
{
    public int[] EvidenceIndex { get; } = EvidenceIndex.Length == Tokens.Length
        ? EvidenceIndex
        : throw new ArgumentException(
            $"Document.EvidenceIndex has {EvidenceIndex.Length} entries but Tokens has {Tokens.Length}; they must match.",
            nameof(EvidenceIndex));

    public int Length => Tokens.Length;

    /// <summary>
    /// Per token, the kind of dependency its annotated evidence belongs to (<see cref="DependencyKind.None"/> where
    /// <see cref="EvidenceIndex"/> is -1); null for a document whose source does not label kinds.
    /// </summary>
    public DependencyKind[]? Kinds
    {
        get;
        init => field = value is null || value.Length == Tokens.Length
            ? value
            : throw new ArgumentException($"Document.Kinds has {value.Length} entries but Tokens has {Tokens.Length}; they must match.", nameof(Kinds));
    }

    /// <summary>Where the answer of a task instance ending the document starts (its tokens and EOS run to the end); null in plain text.</summary>
    public int? AnswerStart { get; init; }

    /// <summary>
    /// A training loss weight per token: <paramref name="recallWeight"/> for the tokens recalled from earlier context (the
    /// annotated evidence and a task's answer), 1 for the others.
    /// </summary>
    public float[] LossWeights(float recallWeight)
    {
        var weights = new float[Tokens.Length];
        for (int i = 0; i < weights.Length; i++)
            weights[i] = EvidenceIndex[i] >= 0 || i >= (AnswerStart ?? Tokens.Length) ? recallWeight : 1f;
        return weights;
    }

    /// <summary>True for tokens whose evidence lies more than <paramref name="distance"/> tokens back.</summary>
    public bool[] NeedsContextBeyond(int distance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(distance);
        var needs = new bool[Tokens.Length];
        for (int i = 0; i < needs.Length; i++)
            needs[i] = EvidenceIndex[i] >= 0 && i - EvidenceIndex[i] > distance;
        return needs;
    }
}
