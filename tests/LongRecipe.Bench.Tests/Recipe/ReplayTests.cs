using LongRecipe.Bench.Recipe;

namespace LongRecipe.Bench.Tests.Recipe;

public sealed class ReplayTests
{
    [Theory]
    [InlineData(100, 0.1, 10)]
    [InlineData(7, 0.5, 4)]   // 3.5 rounds away from zero
    [InlineData(33, 0.0, 0)]
    [InlineData(33, 1.0, 33)]
    [InlineData(960, 0.06, 58)] // 57.6
    public void Exactly_round_ratio_times_count_blocks_are_replay(int count, double ratio, int expected)
    {
        var extension = Enumerable.Range(0, count).Select(i => $"e{i}").ToArray();
        string[] replay = ["r0", "r1", "r2"];

        var mixed = Replay.Mix(extension, replay, ratio, count, new Random(count));

        Assert.Equal(count, mixed.Count);
        Assert.Equal(expected, mixed.Count(b => b.StartsWith('r')));
        // Extension blocks keep their order and are taken from the front; replay cycles through its pool in order.
        Assert.Equal(extension[..(count - expected)], mixed.Where(b => b.StartsWith('e')));
        Assert.Equal(Enumerable.Range(0, expected).Select(i => $"r{i % 3}"), mixed.Where(b => b.StartsWith('r')));
    }

    [Fact]
    public void Replay_is_spread_through_the_stage_and_fixed_by_the_seed()
    {
        var slots = Replay.ReplaySlots(1000, 0.1, new Random(3));
        // one replay block in each stratum of 10
        for (int stratum = 0; stratum < 100; stratum++) Assert.Equal(1, slots.Skip(stratum * 10).Take(10).Count(s => s));
        Assert.Equal(slots, Replay.ReplaySlots(1000, 0.1, new Random(3)));
        Assert.NotEqual(slots, Replay.ReplaySlots(1000, 0.1, new Random(4)));
    }

    [Fact]
    public void Too_few_extension_blocks_are_refused() =>
        Assert.Throws<ArgumentException>(() => Replay.Mix(["e0"], ["r0"], 0.5, 4, new Random(1)));
}
