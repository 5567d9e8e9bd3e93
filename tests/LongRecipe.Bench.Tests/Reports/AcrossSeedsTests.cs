using LongRecipe.Bench.Reports;

namespace LongRecipe.Bench.Tests.Reports;

public sealed class AcrossSeedsTests
{
    [Fact]
    public void Other_seeds_are_the_first_small_positive_integers_besides_the_runs_own()
    {
        Assert.Equal([1, 2], Seeds.Replicates(1234, 3));
        Assert.Equal([2, 3], Seeds.Replicates(1, 3));
        Assert.Empty(Seeds.Replicates(1234, 1));
    }

    [Fact]
    public void A_score_over_seeds_has_its_mean_and_a_t_interval_and_claims_a_difference_only_when_intervals_separate()
    {
        var scores = SeedScores.Of([10, 20, 30]);
        // sd 10 over 3 seeds: half-width t(0.975, 2) × 10 / √3, with t = 4.3027.
        Assert.Equal((20.0, 24.84), (scores.Mean, Math.Round(scores.HalfWidth, 2)));
        Assert.Equal(1, SeedScores.Of([50, 52, 54]).Separation(scores));
        Assert.Equal(-1, scores.Separation(SeedScores.Of([50, 52, 54])));
        Assert.Equal(0, SeedScores.Of([40, 42, 44]).Separation(scores));   // 42 ± 5.0 meets 20 ± 24.8
        Assert.True(double.IsNaN(SeedScores.Of([5]).HalfWidth));
    }
}
