using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Recipe;

/// <summary>
/// The sentences a selector kept from one document, concatenated in their original order (an upsampled sentence's copies
/// follow it). <see cref="KeptSentences"/> are spans in <see cref="Tokens"/>, one per copy; <see cref="SourceSentences"/>
/// are all sentence spans of the original document; <see cref="SourceIndex"/>[i] is where kept token i sat in the
/// original document.
/// </summary>
public sealed record ShortenedSequence(
    int[] Tokens, IReadOnlyList<Range> KeptSentences, IReadOnlyList<Range> SourceSentences, int[] SourceIndex)
{
    /// <summary>
    /// Keeps the sentences of <paramref name="document"/> whose indices are given (any order, no duplicates), each
    /// <paramref name="copies"/>(index) times in a row (once when null).
    /// </summary>
    public static ShortenedSequence Keep(SourceDocument document, IEnumerable<int> sentenceIndices, Func<int, int>? copies = null)
    {
        var chosen = sentenceIndices.Order().ToArray();
        for (int i = 1; i < chosen.Length; i++)
            if (chosen[i] == chosen[i - 1]) throw new ArgumentException($"sentence {chosen[i]} chosen twice", nameof(sentenceIndices));
        var repeated = chosen.SelectMany(i => Enumerable.Repeat(i, copies?.Invoke(i) ?? 1)).ToArray();

        int total = repeated.Sum(i => document.Sentences[i].LengthOf());
        var tokens = new int[total];
        var sourceIndex = new int[total];
        var kept = new Range[repeated.Length];
        int at = 0;
        for (int k = 0; k < repeated.Length; k++)
        {
            var sentence = document.Sentences[repeated[k]];
            int start = sentence.StartOf(), length = sentence.LengthOf();
            Array.Copy(document.Tokens, start, tokens, at, length);
            for (int j = 0; j < length; j++) sourceIndex[at + j] = start + j;
            kept[k] = at..(at + length);
            at += length;
        }
        return new ShortenedSequence(tokens, kept, document.Sentences, sourceIndex);
    }

    /// <summary>Per-token loss weights carried into the blocks (null: a plain mean).</summary>
    public float[]? LossWeights { get; init; }

    /// <summary>
    /// This sequence with <paramref name="recallWeight"/> on the kept tokens that recall earlier context — a task's answer,
    /// or a token whose annotated evidence was kept too (recall of a dropped token is not possible) — and 1 elsewhere.
    /// </summary>
    public ShortenedSequence WithRecallWeights(Corpus.Document source, float recallWeight)
    {
        var kept = KeptMask(source.Length);
        var weights = new float[Tokens.Length];
        for (int k = 0; k < weights.Length; k++)
        {
            int s = SourceIndex[k], evidence = source.EvidenceIndex[s];
            bool recalls = evidence >= 0 ? kept[evidence] : s >= (source.AnswerStart ?? source.Length);
            weights[k] = recalls ? recallWeight : 1f;
        }
        return this with { LossWeights = weights };
    }

    /// <summary>True at every original-document index whose token was kept.</summary>
    public bool[] KeptMask(int sourceLength)
    {
        var mask = new bool[sourceLength];
        foreach (int i in SourceIndex) mask[i] = true;
        return mask;
    }
}
