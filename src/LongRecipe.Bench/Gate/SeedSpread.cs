using MathNet.Numerics.Distributions;
using LongRecipe.Bench.Reports;

namespace LongRecipe.Bench.Gate;

/// <summary>
/// What changing the seed alone does to each gated cell, from the baseline's runs of one profile at several seeds: a
/// drop that another seed could produce by itself is not a regression. Each cell gets a one-sided prediction bound
/// for one more run (a t interval on the baseline seeds' cell means) with a moderated variance, as in limma: the
/// cell's own spread over its K seeds (K − 1 degrees of freedom) pooled with a noise model shared by every cell —
/// λ × the cell's sampling variance in the first baseline run, λ fitted over all cells — worth
/// <see cref="PriorDegreesOfFreedom"/> seeds more. Three or four seeds alone give bounds too wide to see anything
/// (t with 2–3 degrees of freedom); the shared model alone would ignore that some cells (list copying at ci scale)
/// swing with the seed far more than their item count says.
/// </summary>
public sealed class SeedSpread
{
    public const double PriorDegreesOfFreedom = 4;

    readonly Dictionary<string, (double Mean, double Variance, double Sampling, CellKind Kind)> _cells;
    readonly double _lambda;
    readonly int _runs;

    SeedSpread(IReadOnlyList<int> seeds, Dictionary<string, (double, double, double, CellKind)> cells, double lambda)
    {
        Seeds = seeds;
        _cells = cells;
        _lambda = lambda;
        _runs = seeds.Count;
    }

    /// <summary>The baseline runs' seeds, the first run's first.</summary>
    public IReadOnlyList<int> Seeds { get; }

    /// <summary>The spread of <paramref name="runs"/> (one profile, distinct seeds); null for fewer than two runs.</summary>
    public static SeedSpread? Of(IReadOnlyList<RunSnapshot> runs)
    {
        if (runs.Count < 2) return null;
        var means = runs.Select(r => GateCells.Of(r).ToDictionary(c => c.Where, c => c.Mean)).ToList();
        var cells = new Dictionary<string, (double, double, double, CellKind)>();
        foreach (var cell in GateCells.Of(runs[0]))
        {
            if (means.Any(m => !m.ContainsKey(cell.Where))) continue;
            double[] values = [.. means.Select(m => m[cell.Where])];
            double mean = values.Average();
            double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
            cells[cell.Where] = (mean, variance, cell.SamplingVariance, cell.Kind);
        }
        var ratios = cells.Values.Where(c => c.Item3 > 0).Select(c => c.Item2 / c.Item3).ToList();
        return new SeedSpread([.. runs.Select(r => r.Summary.Seed)], cells, ratios.Count == 0 ? 1 : ratios.Average());
    }

    /// <summary>
    /// The worst mean a run at another seed reaches in <paramref name="where"/> with probability at least
    /// <paramref name="alpha"/> (a lower bound for scores, an upper one for loss); null for a cell the baseline seeds lack.
    /// </summary>
    public double? Bound(string where, double alpha)
    {
        if (!_cells.TryGetValue(where, out var cell)) return null;
        double degrees = _runs - 1 + PriorDegreesOfFreedom;
        double variance = ((_runs - 1) * cell.Variance + PriorDegreesOfFreedom * _lambda * cell.Sampling) / degrees;
        double reach = StudentT.InvCDF(0, 1, degrees, 1 - alpha) * Math.Sqrt(variance * (1 + 1.0 / _runs));
        return cell.Kind == CellKind.Loss ? cell.Mean + reach : cell.Mean - reach;
    }
}
