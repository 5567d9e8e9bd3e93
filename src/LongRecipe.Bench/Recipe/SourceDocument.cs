using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Recipe;

/// <summary>
/// A document as the sentence selectors see it: its tokens, its sentence spans (tiling the tokens) and, for logit-shift
/// selection, per-token log-probabilities under the base and a reference long-context model.
/// </summary>
public sealed record SourceDocument
{
    public SourceDocument(int[] tokens, IReadOnlyList<Range> sentences, TokenLogProbs? logProbs = null)
    {
        if (logProbs is not null && logProbs.Base.Length != tokens.Length)
            throw new ArgumentException($"{tokens.Length} tokens but {logProbs.Base.Length} log-probabilities", nameof(logProbs));
        Tokens = tokens;
        Sentences = sentences;
        LogProbs = logProbs;
    }

    public int[] Tokens { get; }
    public IReadOnlyList<Range> Sentences { get; }
    public TokenLogProbs? LogProbs { get; }

    public static SourceDocument Split(int[] tokens, ITokenizer tokenizer, TokenLogProbs? logProbs = null) =>
        new(tokens, Text.Sentences.Split(tokens, tokenizer), logProbs);

    /// <summary>The first <paramref name="length"/> tokens (the reference code truncates documents to the training length before selecting).</summary>
    public SourceDocument Truncated(int length)
    {
        if (length >= Tokens.Length) return this;
        var sentences = Sentences.Where(s => s.StartOf() < length)
            .Select(s => s.StartOf()..Math.Min(s.End.Value, length)).ToArray();
        var logProbs = LogProbs is null ? null : new TokenLogProbs(LogProbs.Base[..length], LogProbs.Reference[..length]);
        return new SourceDocument(Tokens[..length], sentences, logProbs);
    }
}

/// <summary>
/// Index i holds log p(token i | tokens before i) under the reference model and under what it is contrasted with
/// (<see cref="Base"/>: the base model, or the reference with its context cut to one base window); index 0 has no context
/// and is ignored (NaN by convention).
/// </summary>
public sealed record TokenLogProbs
{
    public TokenLogProbs(float[] @base, float[] reference)
    {
        if (@base.Length != reference.Length)
            throw new ArgumentException($"base has {@base.Length} log-probabilities, reference {reference.Length}", nameof(reference));
        Base = @base;
        Reference = reference;
    }

    public float[] Base { get; }
    public float[] Reference { get; }
}
