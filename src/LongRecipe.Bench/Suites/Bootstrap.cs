namespace LongRecipe.Bench.Suites;

/// <summary>A score with its 95% interval, on the score's own scale (0..100 for generated answers).</summary>
public sealed record Interval(double Mean, double Low, double High);

/// <summary>
/// The one interval rule for every mean of sample scores in a run: a seeded percentile bootstrap over samples with
/// <see cref="Resamples"/> resamples, the 2.5th and 97.5th percentiles of the resampled means (linear interpolation
/// between order statistics, numpy's default). A mean over several tasks is bootstrapped stratified: each resample
/// draws every task's samples from that task only (with replacement, same count) and averages the task means, so every
/// task keeps its weight. The same seed gives the same interval. When every sample of a task has the same score the
/// interval collapses to that score: it then shows no sampling spread, not certainty (0 of 10 is still compatible
/// with a true rate of up to ~31%).
/// </summary>
public static class Bootstrap
{
    public const int Resamples = 2000;
    public const double Level = 0.95;

    public static Interval Mean(IReadOnlyList<double> scores, int seed) => StratifiedMean([scores], seed);

    /// <summary>Unweighted mean of the strata's means, with the stratified percentile interval.</summary>
    public static Interval StratifiedMean(IReadOnlyList<IReadOnlyList<double>> strata, int seed)
    {
        if (strata.Count == 0 || strata.Any(s => s.Count == 0)) throw new ArgumentException("every stratum needs at least one sample", nameof(strata));
        var random = new Random(seed);
        var means = new double[Resamples];
        for (int b = 0; b < Resamples; b++)
        {
            double sum = 0;
            foreach (var stratum in strata)
            {
                double stratumSum = 0;
                for (int i = 0; i < stratum.Count; i++) stratumSum += stratum[random.Next(stratum.Count)];
                sum += stratumSum / stratum.Count;
            }
            means[b] = sum / strata.Count;
        }
        Array.Sort(means);
        double tail = (1 - Level) / 2;
        return new Interval(strata.Average(s => s.Average()), Percentile(means, tail), Percentile(means, 1 - tail));
    }

    /// <summary>
    /// The ratio of two models' stratified means on the same samples (<c>a[i]</c> and <c>b[i]</c> scored the same prompt):
    /// each resample draws the same indices for both, so the interval reflects the samples, not two independent draws.
    /// Null when <paramref name="strata"/>'s b-mean is 0 (no ratio to speak of).
    /// </summary>
    public static Interval? PairedRatio(IReadOnlyList<(IReadOnlyList<double> A, IReadOnlyList<double> B)> strata, int seed)
    {
        if (strata.Count == 0 || strata.Any(s => s.A.Count == 0 || s.A.Count != s.B.Count))
            throw new ArgumentException("every stratum needs the same positive number of paired samples", nameof(strata));
        double meanB = strata.Average(s => s.B.Average());
        if (meanB == 0) return null;
        var random = new Random(seed);
        var ratios = new double[Resamples];
        for (int r = 0; r < Resamples; r++)
        {
            double sumA = 0, sumB = 0;
            foreach (var (a, b) in strata)
            {
                double stratumA = 0, stratumB = 0;
                for (int i = 0; i < a.Count; i++) { int pick = random.Next(a.Count); stratumA += a[pick]; stratumB += b[pick]; }
                sumA += stratumA / a.Count;
                sumB += stratumB / b.Count;
            }
            ratios[r] = sumB == 0 ? double.PositiveInfinity : sumA / sumB;
        }
        Array.Sort(ratios);
        double tail = (1 - Level) / 2;
        return new Interval(strata.Average(s => s.A.Average()) / meanB, Percentile(ratios, tail), Percentile(ratios, 1 - tail));
    }

    /// <summary>The <paramref name="p"/> quantile of sorted values, interpolated linearly between order statistics.</summary>
    static double Percentile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int below = (int)Math.Floor(h);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
