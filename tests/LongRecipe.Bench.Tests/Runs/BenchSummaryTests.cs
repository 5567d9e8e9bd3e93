using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Suites;

namespace LongRecipe.Bench.Tests.Runs;

public sealed class BenchSummaryTests
{
    static MethodSummary Row(string method, string variant, double mean) => new(method, variant, 245_760, 2.03e12, 1.0, 23.4, 994_373_632,
        2.866, 2.594, 2.665, 1.234, 2.901, 0.123, 0.456,
        new Dictionary<int, Interval> { [128] = new(100, 100, 100), [256] = new(mean, mean - 9.5, Math.Min(100, mean + 9.5)), [512] = new(0.31, 0, 1.57), [1024] = new(0, 0, 0) },
        new Dictionary<int, Interval> { [128] = new(95, 90, 99), [256] = new(41.5, 30, 52), [512] = new(0, 0, 0), [1024] = new(0, 0, 0) },
        EffectiveLength.Compute(new Dictionary<int, double> { [128] = 100, [256] = mean, [512] = 0.31, [1024] = 0 }, 50), new Interval(33.33, 20.5, 46.67));

    static BenchSummary Summary() => new("tiny", "20261125-162648-tiny", 1234, 128, 1024, new PretrainingRecord("k", 2000, 2_048_000, 1.1e13, 131, 5.9, 2.1),
        new EffectiveLengthRule(50, "base model at 128", EffectiveLength.Rule),
        [Row("base", "base", 12.5), Row("longrecipe-logit-shift", "longrecipe-logit-shift", 62.2), Row("longrecipe", "longrecipe@alpha=0.25", 99.9)]);

    [Fact]
    public void The_console_tables_fit_80_columns_and_show_every_interval_as_mean_low_high()
    {
        var lines = Summary().Describe().ToList();
        Assert.All(lines, line => Assert.True(line.Length <= BenchSummary.LineWidth, $"{line.Length} columns: {line}"));
        Assert.Contains(lines, l => l.StartsWith("longrecipe-logit-shift", StringComparison.Ordinal) && l.Contains("62.2 [52.7, 71.7]") && l.Contains("100.0 [100.0, 100.0]"));
        Assert.Contains(lines, l => l.StartsWith("longrecipe-logit-shift", StringComparison.Ordinal) && l.Contains("0.3 [0.0, 1.6]") && l.Contains("0.0 [0.0, 0.0]"));
        Assert.Contains(lines, l => l.StartsWith("base ", StringComparison.Ordinal) && l.Contains(" 128 ") && l.Contains("33.3 [20.5, 46.7]"));
        Assert.Contains("threshold: 50.00 (base model at 128)", lines);
        var blockHeaders = lines.Where(l => l.StartsWith("length ", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, blockHeaders.Count); // four lengths in two blocks of two, for all tasks and for the NIAH tasks
        Assert.Contains("RULER mean over the NIAH tasks (0..100) [95% interval]", lines);
        Assert.Contains(lines, l => l.StartsWith("base ", StringComparison.Ordinal) && l.Contains("95.0 [90.0, 99.0]") && l.Contains("41.5 [30.0, 52.0]"));
        Assert.EndsWith(" 256", blockHeaders[0]);
        Assert.EndsWith(" 1024", blockHeaders[1]);
        Assert.EndsWith(" 1024", blockHeaders[3]);
    }
}
