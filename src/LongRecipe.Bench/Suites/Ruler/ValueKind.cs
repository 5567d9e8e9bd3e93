using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>What needle keys and values are made of.</summary>
public enum ValueKind
{
    /// <summary>"adjective-noun" pairs from the lexicon (RULER draws them from wonderwords lists).</summary>
    Words,

    /// <summary>7-digit integers, as RULER.</summary>
    Numbers,

    /// <summary>
    /// Tiny stand-in for UUIDs: two 4-digit groups such as 4821-9930 (9 word-level tokens; digits tokenize in any
    /// vocabulary). Short enough that a uuid-keyed, uuid-valued needle leaves room for a distractor at 128 tokens.
    /// </summary>
    Uuids,
}

internal static class ValueKinds
{
    public static readonly IReadOnlyDictionary<string, ValueKind> ByName = new Dictionary<string, ValueKind>(StringComparer.Ordinal)
    {
        ["words"] = ValueKind.Words,
        ["numbers"] = ValueKind.Numbers,
        ["uuids"] = ValueKind.Uuids,
    };

    public static string Plural(ValueKind kind) => kind switch
    {
        ValueKind.Words => "words",
        ValueKind.Numbers => "numbers",
        _ => "uuids",
    };

    public static string Singular(ValueKind kind) => Plural(kind)[..^1];

    public static string Draw(ValueKind kind, Random random) => kind switch
    {
        ValueKind.Words => $"{Lexicon.Adjectives[random.Next(Lexicon.Adjectives.Length)]}-{Lexicon.Nouns[random.Next(Lexicon.Nouns.Length)]}",
        ValueKind.Numbers => random.Next(1_000_000, 10_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => string.Join("-", Enumerable.Range(0, 2).Select(_ => random.Next(1000, 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture))),
    };

    /// <summary>A value not in <paramref name="used"/> (added to it). Bounded: the smallest space (words) has 1,800 values.</summary>
    public static string DrawDistinct(ValueKind kind, Random random, HashSet<string> used)
    {
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            string value = Draw(kind, random);
            if (used.Add(value)) return value;
        }
        throw new InvalidOperationException($"could not draw a distinct {Singular(kind)} ({used.Count} already used)");
    }
}
