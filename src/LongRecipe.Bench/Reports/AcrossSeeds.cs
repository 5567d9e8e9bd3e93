using LongRecipe.Bench.Runs;
using MathNet.Numerics.Distributions;

namespace LongRecipe.Bench.Reports;

/// <summary>One score of one model at every seed of a run, with their mean and the half-width of a 95% t interval.</summary>
public sealed record SeedScores(IReadOnlyList<double> Values, double Mean, double HalfWidth)
{
    public double Low => Mean - HalfWidth;
    public double High => Mean + HalfWidth;

    /// <summary>Strictly above or below <paramref name="other"/>'s interval: the only case a difference is claimed.</summary>
    public int Separation(SeedScores other) => Low > other.High ? 1 : High < other.Low ? -1 : 0;

    public static SeedScores Of(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        if (values.Count < 2) return new SeedScores(values, mean, double.NaN);
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new SeedScores(values, mean, StudentT.InvCDF(0, 1, values.Count - 1, 0.975) * sd / Math.Sqrt(values.Count));
    }
}

/// <summary>
/// A run's headline scores over its seeds (the run's own, then seeds/seed-&lt;n&gt;/ in seed order): NIAH mean per RULER
/// length, RULER mean at the longest, general score. A model missing at some seed is left out.
/// </summary>
public static class AcrossSeeds
{
    public static IReadOnlyList<int> SeedsOf(RunSnapshot run) => [run.Summary.Seed, .. run.OtherSeeds.Select(s => s.Seed)];

    /// <summary>Column name → per-model scores over the seeds, in column order.</summary>
    public static IReadOnlyList<(string Column, IReadOnlyDictionary<string, SeedScores> ByModel)> Table(RunSnapshot run)
    {
        BenchSummary[] summaries = [run.Summary, .. run.OtherSeeds];
        var lengths = run.Summary.Methods.SelectMany(m => m.NiahByLength?.Keys ?? []).Distinct().Order().ToList();
        var columns = new List<(string, Func<MethodSummary, double?>)>();
        columns.AddRange(lengths.Select(l => ($"NIAH@{l}", (Func<MethodSummary, double?>)(m => m.NiahByLength?.GetValueOrDefault(l)?.Mean))));
        if (lengths.Count > 0)   // the longest RULER length: the target, unless a profile stops short of it
            columns.Add(($"RULER@{lengths[^1]}", m => m.RulerByLength?.GetValueOrDefault(lengths[^1])?.Mean));
        columns.Add(("general", m => m.GeneralScore?.Mean));
        return [.. columns.Select(c => (c.Item1, (IReadOnlyDictionary<string, SeedScores>)ByModel(summaries, c.Item2)))];
    }

    static Dictionary<string, SeedScores> ByModel(BenchSummary[] summaries, Func<MethodSummary, double?> score)
    {
        var byModel = new Dictionary<string, SeedScores>();
        foreach (var model in summaries[0].Methods.Select(m => m.Variant))
        {
            var values = summaries.Select(s => s.Methods.FirstOrDefault(m => m.Variant == model) is { } m ? score(m) : null).ToList();
            if (values.All(v => v is not null)) byModel[model] = SeedScores.Of([.. values.Select(v => v!.Value)]);
        }
        return byModel;
    }
}
