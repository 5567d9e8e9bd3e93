namespace LongRecipe.Bench.Gate;

/// <summary>
/// One-sided paired tests of "the new run is worse than the baseline on the same items". Both return a p-value; a
/// small one says the drop is unlikely to be noise in which items happened to pass.
/// </summary>
public static class PairedTests
{
    /// <summary>
    /// Exact McNemar on pass/fail pairs: of the <paramref name="worse"/> + <paramref name="better"/> items that changed,
    /// the chance of at least <paramref name="worse"/> turning to fail if either direction were equally likely.
    /// </summary>
    public static double McNemarWorse(int worse, int better)
    {
        if (worse < 0 || better < 0) throw new ArgumentOutOfRangeException(nameof(worse), "counts must not be negative");
        int n = worse + better;
        if (n == 0) return 1;
        // P(X ≥ worse) for X ~ Binomial(n, 1/2), summed in log space so large n cannot overflow.
        double p = 0;
        for (int k = worse; k <= n; k++) p += Math.Exp(LogChoose(n, k) - n * Math.Log(2));
        return Math.Min(1, p);
    }

    /// <summary>
    /// Paired bootstrap of the mean of per-item drops (baseline − new, so positive is worse): the share of resampled
    /// means at or below zero, with the +1 correction that keeps p above 0.
    /// </summary>
    public static double BootstrapWorse(IReadOnlyList<double> drops, int seed, int resamples = 2000)
    {
        if (drops.Count == 0) return 1;
        if (drops.All(d => d == 0)) return 1;
        var random = new Random(seed);
        int notWorse = 0;
        for (int r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (int i = 0; i < drops.Count; i++) sum += drops[random.Next(drops.Count)];
            if (sum <= 0) notWorse++;
        }
        return (notWorse + 1.0) / (resamples + 1.0);
    }

    static double LogChoose(int n, int k)
    {
        double sum = 0;
        for (int i = 1; i <= k; i++) sum += Math.Log(n - k + i) - Math.Log(i);
        return sum;
    }
}
