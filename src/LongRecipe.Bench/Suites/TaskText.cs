using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites;

/// <summary>Tokenizer helpers shared by the generators.</summary>
internal static class TaskText
{
    /// <summary>
    /// A reference as the tokenizer will print it back (e.g. WordTokenizer decodes "red-farmer" as "red - farmer"), so
    /// substring scoring compares like with like.
    /// </summary>
    public static string Canonical(ITokenizer tokenizer, string reference) => tokenizer.Decode(tokenizer.Encode(reference)).Trim();

    /// <summary>
    /// The answer a model should emit: every reference joined by ", " when all must be found, else the first (the
    /// others are aliases). References are already in decoded form, so the answer survives encode → decode unchanged.
    /// </summary>
    public static string Answer(Metric metric, IReadOnlyList<string> references) =>
        metric == Metric.StringMatchAll ? string.Join(", ", references) : references[0];

    /// <summary>"a", "a and b", "a, b, and c" (RULER's rendering of several query keys).</summary>
    public static string JoinAnd(IReadOnlyList<string> items) => items.Count switch
    {
        1 => items[0],
        2 => $"{items[0]} and {items[1]}",
        _ => string.Join(", ", items.Take(items.Count - 1)) + ", and " + items[^1],
    };

    /// <summary>Distinct random strings of <paramref name="letters"/> letters from <paramref name="first"/> on ('A': capitals, 'a': lower case), as RULER draws names and coded words.</summary>
    public static string[] RandomLetterStrings(Random random, int count, int letters, char first)
    {
        var strings = new HashSet<string>(StringComparer.Ordinal);
        while (strings.Count < count) strings.Add(new string(Enumerable.Range(0, letters).Select(_ => (char)(first + random.Next(26))).ToArray()));
        return [.. strings];
    }

    /// <summary>Distinct random picks from <paramref name="pool"/>, in random order.</summary>
    public static string[] Sample(Random random, IReadOnlyList<string> pool, int count)
    {
        if (count > pool.Count) throw new ArgumentOutOfRangeException(nameof(count), $"asked for {count} of {pool.Count} words");
        var copy = pool.ToArray();
        random.Shuffle(copy);
        return copy[..count];
    }
}
