using System.Text;

namespace LongRecipe.Bench.Suites;

/// <summary>
/// RULER's scoring: the prediction is cleaned (control characters become newlines, then trimmed) and references are
/// matched as case-insensitive substrings. Per-sample scores are on RULER's 0..100 scale so that the mean of the
/// per-sample scores is the task score.
/// </summary>
public static class Scoring
{
    /// <summary>Trim, map characters below U+0020 to '\n', trim again (RULER evaluate.py post-processing).</summary>
    public static string Clean(string prediction)
    {
        var text = new StringBuilder(prediction.Trim());
        for (int i = 0; i < text.Length; i++)
            if (text[i] < ' ') text[i] = '\n';
        return text.ToString().Trim();
    }

    public static double Score(Metric metric, string prediction, IReadOnlyList<string> references)
    {
        if (references.Count == 0) throw new ArgumentException("a sample needs at least one reference", nameof(references));
        string cleaned = Clean(prediction);
        return metric switch
        {
            Metric.StringMatchAll => 100.0 * references.Count(r => Contains(cleaned, r)) / references.Count,
            Metric.StringMatchPart => references.Any(r => Contains(cleaned, r)) ? 100.0 : 0.0,
            Metric.ExactMatch => string.Equals(cleaned, references[0].Trim(), StringComparison.OrdinalIgnoreCase) ? 100.0 : 0.0,
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
        };
    }

    static bool Contains(string prediction, string reference) =>
        prediction.Contains(reference, StringComparison.OrdinalIgnoreCase);
}
