using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Recipe;

/// <summary>Chooses which sentences of a document become training data; the kept sentences stay in their original order.</summary>
public interface ISentenceSelector
{
    ShortenedSequence Select(SourceDocument document, Random random);
}

/// <summary>Keeps every sentence: whole documents (full-sequence training, PoSE, replay data).</summary>
public sealed class KeepAllSentences : ISentenceSelector
{
    public ShortenedSequence Select(SourceDocument document, Random random) =>
        ShortenedSequence.Keep(document, Enumerable.Range(0, document.Sentences.Count));
}

/// <summary>
/// Random sentences up to a token budget, with no notion of impact: the "no impactful-token analysis" ablation,
/// matched to the logit-shift selector's budget.
/// </summary>
public sealed class RandomSentenceSelector(int budget) : ISentenceSelector
{
    public int Budget { get; } = budget > 0 ? budget : throw new ArgumentOutOfRangeException(nameof(budget), budget, "must be positive");

    public ShortenedSequence Select(SourceDocument document, Random random) =>
        ShortenedSequence.Keep(document, BudgetFill.Fill(document.Sentences, [], Budget, random));
}

/// <summary>
/// The matched ablation of a rule-based selector: per document, random sentences of the very text the rule reads (after
/// its truncation) up to as many tokens as the rule keeps there. Against the rule it measures the rule, not the cut.
/// </summary>
public sealed class MatchedRandomSelector(DigitSentenceSelector rule) : ISentenceSelector
{
    public DigitSentenceSelector Rule { get; } = rule;

    public ShortenedSequence Select(SourceDocument document, Random random)
    {
        var source = Rule.SourceLength is int length ? document.Truncated(length) : document;
        int budget = Rule.Select(document, random).Tokens.Length;
        return ShortenedSequence.Keep(source, BudgetFill.Fill(source.Sentences, [], budget, random));
    }
}

/// <summary>Greedy filling of a token budget: first the preferred sentences in the given order, then others in random order.</summary>
internal static class BudgetFill
{
    /// <summary>
    /// Indices of the chosen sentences. A sentence is taken only if it still fits (all its <paramref name="copies"/>, once when
    /// null), so the kept length never exceeds
    /// <paramref name="budget"/> and stops short of it by less than the length of any sentence left out.
    /// </summary>
    public static List<int> Fill(IReadOnlyList<Range> sentences, IReadOnlyList<int> preferred, int budget, Random random, Func<int, int>? copies = null)
    {
        var chosen = new List<int>();
        var taken = new bool[sentences.Count];
        int used = 0;
        void TryTake(int index)
        {
            int length = sentences[index].LengthOf() * (copies?.Invoke(index) ?? 1);
            if (taken[index] || used + length > budget) return;
            taken[index] = true;
            chosen.Add(index);
            used += length;
        }

        foreach (int index in preferred) TryTake(index);
        var others = Enumerable.Range(0, sentences.Count).Where(i => !taken[i]).ToArray();
        random.Shuffle(others);
        foreach (int index in others) TryTake(index);
        return chosen;
    }
}
