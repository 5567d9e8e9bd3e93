using LongRecipe.Bench.Gate;

namespace LongRecipe.Bench.Tests.Gate;

public sealed class PairedTestsTests
{
    [Theory]
    [InlineData(5, 0, 1.0 / 32)]          // all five changed items got worse: 0.5^5
    [InlineData(3, 3, 42.0 / 64)]         // P(X ≥ 3), X ~ Binomial(6, 1/2)
    [InlineData(0, 4, 1.0)]
    [InlineData(0, 0, 1.0)]               // nothing changed: no evidence of a drop
    public void Exact_mcnemar_is_the_one_sided_binomial_tail_of_the_discordant_pairs(int worse, int better, double expected) =>
        Assert.Equal(expected, PairedTests.McNemarWorse(worse, better), 12);

    [Fact]
    public void Exact_mcnemar_stays_finite_for_many_pairs() =>
        Assert.InRange(PairedTests.McNemarWorse(600, 400), 1e-12, 1e-8);

    [Fact]
    public void Paired_bootstrap_finds_a_consistent_drop_and_not_a_balanced_one()
    {
        Assert.True(PairedTests.BootstrapWorse([.. Enumerable.Repeat(1.0, 20)], seed: 3) < 0.001);
        Assert.True(PairedTests.BootstrapWorse([.. Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? 1.0 : -1.0)], seed: 3) > 0.3);
        Assert.Equal(1, PairedTests.BootstrapWorse([0, 0, 0], seed: 3));
    }
}
