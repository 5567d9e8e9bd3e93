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

    /// <summary>The <paramref name="p"/> quantile of sorted values, interpolated linearly between order statistics.</summary>
    static double Percentile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int below = (int)Math.Floor(h);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
