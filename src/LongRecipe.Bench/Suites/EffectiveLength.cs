using System.Globalization;

namespace LongRecipe.Bench.Suites;

/// <summary>
/// RULER's effective length, with the rule made explicit: the longest tested length L such that the per-length
/// average is at or above <see cref="Threshold"/> at L AND at every shorter tested length. (RULER's wording is
/// "the largest length exceeding the threshold"; requiring every shorter length to pass too makes a lucky long length
/// after a failed short one not count; "at or above" lets a threshold taken from the base model's own score at its
/// window pass the base model there.) <see cref="Length"/> is null when even the shortest length fails.
/// </summary>
public sealed record EffectiveLength(int? Length, double Threshold, int ShortestTested, bool PassesEveryTestedLength)
{
    public const string Rule = "longest tested length whose RULER mean is at or above the threshold there and at every shorter tested length";

    public static EffectiveLength Compute(IReadOnlyDictionary<int, double> averageByLength, double threshold)
    {
        if (averageByLength.Count == 0) throw new ArgumentException("no lengths were scored", nameof(averageByLength));
        int? longest = null;
        bool all = true;
        foreach (var (length, score) in averageByLength.OrderBy(p => p.Key))
        {
            if (score < threshold) { all = false; break; }
            longest = length;
        }
        return new EffectiveLength(longest, threshold, averageByLength.Keys.Min(), all);
    }

    /// <summary>"&lt;256" when nothing passes, "1024", or "&gt;=2048" when every tested length passes (the true limit may be longer).</summary>
    public override string ToString() => Length switch
    {
        null => "<" + ShortestTested.ToString(CultureInfo.InvariantCulture),
        int l when PassesEveryTestedLength => ">=" + l.ToString(CultureInfo.InvariantCulture),
        int l => l.ToString(CultureInfo.InvariantCulture),
    };
}
