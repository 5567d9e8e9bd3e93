using System.Security.Cryptography;
using System.Text;

namespace LongRecipe.Bench;

/// <summary>
/// The one seed scheme: independent, stable seeds derived from a base seed and a purpose — a stage, a corpus document
/// (seed, "document", k), a suite sample (suite seed, task, length, index) — so any one of them can be regenerated alone
/// and adding a task or a document never shifts the others. (string.GetHashCode and HashCode are randomised per
/// process, so they must never feed a seed.)
/// </summary>
public static class Seeds
{
    public static int Derive(int seed, params object[] purpose)
    {
        string text = seed.ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" +
                      string.Join("|", purpose.Select(p => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture)));
        return BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0) & int.MaxValue;
    }

    /// <summary>
    /// The other seeds of a run of <paramref name="count"/> seeds: the first count − 1 positive integers other than
    /// <paramref name="seed"/> (1, 2, … — short to type as `bench --seed`, and the same for every profile).
    /// </summary>
    public static IReadOnlyList<int> Replicates(int seed, int count) =>
        [.. Enumerable.Range(1, count).Where(s => s != seed).Take(Math.Max(0, count - 1))];
}
