using LongRecipe.Bench.Suites;

namespace LongRecipe.Bench.Tests.Suites;

public sealed class EffectiveLengthTests
{
    [Fact]
    public void Is_the_longest_length_passing_there_and_at_every_shorter_length()
    {
        var scores = new Dictionary<int, double> { [256] = 95, [512] = 90, [1024] = 80, [2048] = 88 };
        var effective = EffectiveLength.Compute(scores, 85.6);
        Assert.Equal(512, effective.Length); // 2048 passes again but 1024 failed, so it does not count
        Assert.False(effective.PassesEveryTestedLength);
        Assert.Equal("512", effective.ToString());
    }

    [Fact]
    public void A_score_equal_to_the_threshold_passes_and_one_just_below_does_not()
    {
        Assert.Equal(256, EffectiveLength.Compute(new Dictionary<int, double> { [256] = 85.6, [512] = 85.59 }, 85.6).Length);
        var effective = EffectiveLength.Compute(new Dictionary<int, double> { [256] = 85.59 }, 85.6);
        Assert.Null(effective.Length);
        Assert.Equal("<256", effective.ToString());
    }

    [Fact]
    public void Passing_everywhere_is_reported_as_at_least_the_longest_length()
    {
        var effective = EffectiveLength.Compute(new Dictionary<int, double> { [1024] = 99, [256] = 100 }, 50);
        Assert.Equal(1024, effective.Length);
        Assert.Equal(">=1024", effective.ToString());
    }
}
