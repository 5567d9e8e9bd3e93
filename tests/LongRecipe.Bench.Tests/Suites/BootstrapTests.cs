using LongRecipe.Bench.Suites;

namespace LongRecipe.Bench.Tests.Suites;

public sealed class BootstrapTests
{
    /// <summary>n sample scores, every third one 100 (a true rate of 1/3), the rest 0.</summary>
    static double[] OneInThree(int n) => [.. Enumerable.Range(0, n).Select(i => i % 3 == 0 ? 100.0 : 0.0)];

    [Fact]
    public void The_interval_contains_the_mean_and_is_not_a_point_for_mixed_scores()
    {
        double[] scores = [.. OneInThree(30), 50, 25];
        var interval = Bootstrap.Mean(scores, seed: 11);
        Assert.Equal(scores.Average(), interval.Mean, 12);
        Assert.InRange(interval.Mean, interval.Low, interval.High);
        Assert.True(interval.High - interval.Low > 10, $"[{interval.Low}, {interval.High}]");
        Assert.InRange(interval.Low, 0, 100);
        Assert.InRange(interval.High, 0, 100);
    }

    [Fact]
    public void The_same_seed_gives_the_same_interval_and_another_seed_another()
    {
        // Partial scores (string_match_all over several references), so resampled means do not fall on a coarse grid.
        double[] scores = [.. Enumerable.Range(0, 20).Select(i => i * 37 % 101 * 1.0)];
        Assert.Equal(Bootstrap.Mean(scores, 5), Bootstrap.Mean(scores, 5));
        Assert.NotEqual(Bootstrap.Mean(scores, 5), Bootstrap.Mean(scores, 6));
    }

    [Fact]
    public void All_samples_at_100_give_the_degenerate_interval_100_to_100()
    {
        var interval = Bootstrap.Mean(Enumerable.Repeat(100.0, 10).ToList(), seed: 3);
        Assert.Equal(new Interval(100, 100, 100), interval);
    }

    [Fact]
    public void Fewer_samples_give_a_wider_interval()
    {
        var few = Bootstrap.Mean(OneInThree(12), seed: 1);
        var many = Bootstrap.Mean(OneInThree(300), seed: 1);
        Assert.True(few.High - few.Low > 2 * (many.High - many.Low), $"12 samples [{few.Low}, {few.High}], 300 samples [{many.Low}, {many.High}]");
    }

    [Fact]
    public void A_stratified_mean_weights_tasks_equally_and_resamples_within_each_task()
    {
        // Two tasks of constant scores: any resample within a task keeps its mean, so the mean of task means is exactly 50.
        // Resampling the 22 pooled samples instead would centre on 2/22 of 100 and spread.
        double[] twoAt100 = [100, 100], twentyAt0 = [.. Enumerable.Repeat(0.0, 20)];
        Assert.Equal(new Interval(50, 50, 50), Bootstrap.StratifiedMean([twoAt100, twentyAt0], seed: 9));

        var mixed = Bootstrap.StratifiedMean([OneInThree(10), twoAt100, OneInThree(30)], seed: 9);
        Assert.Equal((OneInThree(10).Average() + 100 + OneInThree(30).Average()) / 3, mixed.Mean, 12);
        Assert.InRange(mixed.Mean, mixed.Low, mixed.High);
        var oneTask = Bootstrap.Mean(OneInThree(10), seed: 9);
        Assert.True(mixed.High - mixed.Low < oneTask.High - oneTask.Low, "averaging three tasks narrows the interval of the noisiest one");
    }

    [Fact]
    public void A_task_without_samples_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => Bootstrap.StratifiedMean([[100.0], []], seed: 1));
    }
}
