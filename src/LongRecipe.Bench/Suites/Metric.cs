namespace LongRecipe.Bench.Suites;

/// <summary>How a generated answer is compared with its references (RULER eval constants; exact match for short tasks).</summary>
public enum Metric
{
    /// <summary>Fraction of references found as case-insensitive substrings of the prediction.</summary>
    StringMatchAll,

    /// <summary>1 if any reference is a case-insensitive substring of the prediction.</summary>
    StringMatchPart,

    /// <summary>1 if the prediction equals the first reference, ignoring case and surrounding whitespace.</summary>
    ExactMatch,
}

public static class MetricNames
{
    static readonly Dictionary<string, Metric> ByName = new(StringComparer.Ordinal)
    {
        ["string_match_all"] = Metric.StringMatchAll,
        ["string_match_part"] = Metric.StringMatchPart,
        ["exact_match"] = Metric.ExactMatch,
    };

    public static IReadOnlyCollection<string> All => ByName.Keys;

    public static bool TryParse(string name, out Metric metric) => ByName.TryGetValue(name, out metric);

    public static string Name(Metric metric) => ByName.First(pair => pair.Value == metric).Key;
}
