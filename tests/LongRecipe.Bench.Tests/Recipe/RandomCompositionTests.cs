using LongRecipe.Bench.Recipe;

namespace LongRecipe.Bench.Tests.Recipe;

public sealed class RandomCompositionTests
{
    [Fact]
    public void Parts_are_non_negative_and_sum_to_the_total()
    {
        var random = new Random(1);
        for (int trial = 0; trial < 500; trial++)
        {
            int total = random.Next(0, 300), parts = random.Next(1, 50);
            var composition = RandomComposition.Uniform(total, parts, random);
            Assert.Equal(parts, composition.Length);
            Assert.All(composition, p => Assert.True(p >= 0));
            Assert.Equal(total, composition.Sum());
        }
    }

    [Fact]
    public void Every_composition_is_equally_likely()
    {
        // total 3 into 3 parts: C(5,2) = 10 compositions, each expected 1/10 of the draws.
        var random = new Random(2);
        var counts = new Dictionary<string, int>();
        const int draws = 20_000;
        for (int i = 0; i < draws; i++)
        {
            string key = string.Join(",", RandomComposition.Uniform(3, 3, random));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(10, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, draws / 10 * 0.9, draws / 10 * 1.1));
    }
}
