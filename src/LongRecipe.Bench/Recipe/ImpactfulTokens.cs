using LongRecipe.Bench.Evaluation;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Recipe;

/// <summary>
/// The reference code's operationalisation of impactful tokens: keep every sentence whose decoded text contains a digit,
/// and each other sentence with probability <see cref="KeepProbability"/>. Documents are first cut to
/// <see cref="SourceLength"/> tokens when given (the reference truncates to the training length before selecting).
/// </summary>
public sealed class DigitSentenceSelector(ITokenizer tokenizer, double keepProbability = 0.5, int? sourceLength = null) : ISentenceSelector
{
    public double KeepProbability { get; } = keepProbability is >= 0 and <= 1
        ? keepProbability : throw new ArgumentOutOfRangeException(nameof(keepProbability), keepProbability, "must be in [0, 1]");
    public int? SourceLength { get; } = sourceLength;

    public ShortenedSequence Select(SourceDocument document, Random random)
    {
        var source = SourceLength is int length ? document.Truncated(length) : document;
        var kept = new List<int>();
        for (int i = 0; i < source.Sentences.Count; i++)
        {
            // Decoding (not a digit-id table) keeps the rule identical for any tokenizer, as the reference tests the text.
            string text = tokenizer.Decode(source.Tokens[source.Sentences[i]]);
            if (text.Any(char.IsDigit) || random.NextDouble() < KeepProbability) kept.Add(i);
        }
        return ShortenedSequence.Keep(source, kept);
    }
}

/// <summary>
/// The paper's impactful-token analysis: tokens whose log-probability rises most from the base model (or, with
/// <see cref="ShiftContrast.ShortContext"/>, from the reference itself given one base window of context) to a long-context
/// reference model are impactful. Every sentence holding one is kept (the highest-shift sentences first when they alone
/// exceed <see cref="Budget"/>), <see cref="Upsample"/> times in a row (the paper resamples them; 1 keeps each once),
/// then random other sentences fill the budget.
/// </summary>
public sealed class LogitShiftSelector(double topFraction, int budget, int upsample = 1) : ISentenceSelector
{
    public double TopFraction { get; } = topFraction is > 0 and <= 1
        ? topFraction : throw new ArgumentOutOfRangeException(nameof(topFraction), topFraction, "must be in (0, 1]");
    public int Budget { get; } = budget > 0 ? budget : throw new ArgumentOutOfRangeException(nameof(budget), budget, "must be positive");
    public int Upsample { get; } = upsample >= 1 ? upsample : throw new ArgumentOutOfRangeException(nameof(upsample), upsample, "must be at least 1");

    public ShortenedSequence Select(SourceDocument document, Random random)
    {
        var logProbs = document.LogProbs
            ?? throw new ArgumentException("logit-shift selection needs base and reference log-probabilities", nameof(document));
        var shift = ImpactfulTokens.Shift(logProbs);
        var impactful = ImpactfulTokens.TopMask(shift, TopFraction);

        var preferred = new List<(int Sentence, float Score)>();
        for (int s = 0; s < document.Sentences.Count; s++)
        {
            float best = float.NegativeInfinity;
            bool any = false;
            var (start, end) = (document.Sentences[s].StartOf(), document.Sentences[s].End.Value);
            for (int i = start; i < end; i++)
                if (impactful[i]) { any = true; best = Math.Max(best, shift[i]); }
            if (any) preferred.Add((s, best));
        }
        var byScore = preferred.OrderByDescending(p => p.Score).ThenBy(p => p.Sentence).Select(p => p.Sentence).ToArray();
        var impactfulSentences = byScore.ToHashSet();
        int Copies(int sentence) => impactfulSentences.Contains(sentence) ? Upsample : 1;
        return ShortenedSequence.Keep(document, BudgetFill.Fill(document.Sentences, byScore, Budget, random, Copies), Copies);
    }
}

/// <summary>Per-token logit shift, the top-fraction impactful mask, and short-context scoring.</summary>
public static class ImpactfulTokens
{
    /// <summary>
    /// log p(token i | at most the <paramref name="window"/> tokens before it) under <paramref name="evaluator"/>'s model (index 0
    /// NaN), and the length of each window forwarded. Windows of <paramref name="window"/> tokens start every half window; each scores the tokens of
    /// its second half (the first window all of its own), so every token sees between half a window and a whole one of context
    /// (all of it when it lies inside the first window) — about two forward tokens per token, where exactly one window per
    /// token would cost a window's worth.
    /// </summary>
    public static (float[] LogProbs, int[] WindowLengths) ShortContextLogProbs(IEvaluator evaluator, int[] tokens, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        var logProbs = new float[tokens.Length];
        logProbs[0] = float.NaN;
        int stride = window / 2;
        var starts = new List<int> { 0 };
        while (starts[^1] + window < tokens.Length) starts.Add(Math.Min(starts[^1] + stride, tokens.Length - window));
        int[][] windows = [.. starts.Select(s => tokens[s..Math.Min(s + window, tokens.Length)])];
        var scored = evaluator.NextTokenLogProbs(windows);
        int next = 1;   // the first token not yet scored
        for (int w = 0; w < windows.Length; w++)
            for (; next < starts[w] + windows[w].Length; next++) logProbs[next] = scored[w][next - starts[w] - 1];
        return (logProbs, [.. windows.Select(w => w.Length)]);
    }

    /// <summary>reference − base log-probability per token; NaN where either is missing (always at index 0).</summary>
    public static float[] Shift(TokenLogProbs logProbs)
    {
        var shift = new float[logProbs.Base.Length];
        for (int i = 0; i < shift.Length; i++)
            shift[i] = i == 0 ? float.NaN : logProbs.Reference[i] - logProbs.Base[i];
        return shift;
    }

    /// <summary>
    /// Marks the round(<paramref name="topFraction"/> × scored) tokens with the largest shift (at least one when any token is
    /// scored); NaN entries are never marked. Ties go to the earlier token, so the mask is deterministic.
    /// </summary>
    public static bool[] TopMask(float[] shift, double topFraction)
    {
        var scored = Enumerable.Range(0, shift.Length).Where(i => !float.IsNaN(shift[i])).ToArray();
        int count = scored.Length == 0 ? 0 : Math.Max(1, (int)Math.Round(topFraction * scored.Length, MidpointRounding.AwayFromZero));
        var mask = new bool[shift.Length];
        foreach (int i in scored.OrderByDescending(i => shift[i]).ThenBy(i => i).Take(count)) mask[i] = true;
        return mask;
    }
}
