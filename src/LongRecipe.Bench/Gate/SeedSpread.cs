using MathNet.Numerics.Distributions;
using LongRecipe.Bench.Reports;

namespace LongRecipe.Bench.Gate;

/// <summary>
/// What changing the seed alone does to each gated cell, from the baseline's runs of one profile at several seeds: a
/// drop that another seed could produce by itself is not a regression. Each cell gets a one-sided prediction bound
/// for one more run (a t interval on the baseline seeds' cell means) with a moderated variance, as in limma: the
/// cell's own spread over its K seeds (K − 1 degrees of freedom) pooled with a noise model shared by the cells of its
/// family — λ × the cell's sampling variance in the first baseline run — worth <see cref="PriorDegreesOfFreedom"/> seeds
/// more. Three or four seeds alone give bounds too wide to see anything (t with 2–3 degrees of freedom); the shared
/// model alone would ignore that some cells (list copying at ci scale) swing with the seed far more than others. λ is
/// per family because the families differ: at ci scale a RULER cell's seed variance is about its sampling variance
/// (10 prompts), while multiple choice (300 items) moves with the seed about 15 times more than its items say.
/// </summary>
public sealed class SeedSpread
{
    public const double PriorDegreesOfFreedom = 4;

    sealed record Cell(double Mean, double Variance, double Sampling, CellKind Kind, string Family);

    readonly Dictionary<string, Cell> _cells;
    readonly Dictionary<string, double> _lambda;
    readonly Dictionary<double, double> _quantiles = [];

    SeedSpread(IReadOnlyList<int> seeds, Dictionary<string, Cell> cells, Dictionary<string, double> lambda)
    {
        Seeds = seeds;
        _cells = cells;
        _lambda = lambda;
    }

    /// <summary>The baseline runs' seeds, the first run's first.</summary>
    public IReadOnlyList<int> Seeds { get; }

    /// <summary>How many cells have a bound (the Bonferroni divisor of a family-wise level).</summary>
    public int CellCount => _cells.Count;

    /// <summary>The spread of <paramref name="runs"/> (one profile, distinct seeds); null for fewer than two runs.</summary>
    public static SeedSpread? Of(IReadOnlyList<RunSnapshot> runs)
    {
        if (runs.Count < 2) return null;
        var means = runs.Select(r => GateCells.Of(r).ToDictionary(c => c.Where, c => c.Mean)).ToList();
        var cells = new Dictionary<string, Cell>();
        var ratios = new List<(string Family, double Ratio)>();
        foreach (var cell in GateCells.Of(runs[0]))
        {
            if (means.Any(m => !m.ContainsKey(cell.Where))) continue;
            double[] values = [.. means.Select(m => m[cell.Where])];
            double mean = values.Average();
            double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
            cells[cell.Where] = new Cell(mean, variance, cell.SamplingVariance, cell.Kind, cell.Family);
            // λ is fitted on cells whose items vary (a uniform cell's sampling variance is only the floor) and not on the
            // pooled cells (they repeat their tasks' items).
            if (!cell.Pooled && !cell.Uniform && cell.SamplingVariance > 0) ratios.Add((cell.Family, variance / cell.SamplingVariance));
        }
        // The median keeps one wild cell from moving every bound; divided by the median of χ²(K−1)/(K−1), what a cell's
        // variance ratio would be if λ were its true value, it estimates λ without the median's downward bias.
        double medianRatio = ChiSquared.InvCDF(runs.Count - 1, 0.5) / (runs.Count - 1);
        var lambda = cells.Values.Select(c => c.Family).Distinct().ToDictionary(f => f,
            f => Median([.. ratios.Where(r => r.Family == f).Select(r => r.Ratio)]) is double m ? m / medianRatio : 1);
        return new SeedSpread([.. runs.Select(r => r.Summary.Seed)], cells, lambda);
    }

    /// <summary>The shared noise model's λ for one family of cells: seed variance ÷ sampling variance, from the median over its cells.</summary>
    public double Lambda(string family) => _lambda[family];

    /// <summary>
    /// The worst mean a run at another seed reaches in <paramref name="where"/> with probability at least
    /// <paramref name="alpha"/> (a lower bound for scores, an upper one for loss); null for a cell the baseline seeds lack.
    /// </summary>
    public double? Bound(string where, double alpha)
    {
        if (!_cells.TryGetValue(where, out var cell)) return null;
        int runs = Seeds.Count;
        double degrees = runs - 1 + PriorDegreesOfFreedom;
        double variance = ((runs - 1) * cell.Variance + PriorDegreesOfFreedom * _lambda[cell.Family] * cell.Sampling) / degrees;
        if (!_quantiles.TryGetValue(alpha, out double t)) _quantiles[alpha] = t = StudentT.InvCDF(0, 1, degrees, 1 - alpha);
        double reach = t * Math.Sqrt(variance * (1 + 1.0 / runs));
        return cell.Kind == CellKind.Loss ? cell.Mean + reach : cell.Mean - reach;
    }

    static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
