using LongRecipe.Bench.Recipe;

namespace LongRecipe.Bench.Tests.Recipe;

public sealed class PosePositionsTests
{
    [Theory]
    [InlineData(128, 128, 256)]
    [InlineData(128, 128, 2048)]
    [InlineData(256, 128, 1024)] // training longer than the base window
    public void Two_contiguous_chunks_within_the_target_reaching_past_the_base_window(int length, int baseWindow, int target)
    {
        var scheme = new PosePositions(target, baseWindow);
        var random = new Random(target);
        for (int sample = 0; sample < 500; sample++)
        {
            var ids = scheme.Positions(PackedBlock.Whole(new int[length], [0..length]), random);

            Assert.Equal(0, ids[0]);
            Assert.InRange(ids[^1], baseWindow, target - 1);
            int jumps = 0;
            for (int i = 1; i < length; i++)
            {
                Assert.True(ids[i] > ids[i - 1]);
                if (ids[i] != ids[i - 1] + 1) jumps++;
            }
            Assert.True(jumps <= 1);
        }
    }

    [Fact]
    public void Split_and_skip_cover_their_whole_ranges()
    {
        const int length = 16, target = 48;
        var scheme = new PosePositions(target, baseWindow: 16);
        var random = new Random(1);
        var splits = new HashSet<int>();
        var lasts = new HashSet<long>();
        for (int sample = 0; sample < 5000; sample++)
        {
            var ids = scheme.Positions(PackedBlock.Whole(new int[length], [0..length]), random);
            int split = Enumerable.Range(1, length - 1).FirstOrDefault(i => ids[i] != ids[i - 1] + 1);
            if (split > 0) splits.Add(split);
            lasts.Add(ids[^1]);
        }
        Assert.Equal(Enumerable.Range(1, length - 1), splits.Order());
        Assert.Equal(Enumerable.Range(16, target - 16).Select(i => (long)i), lasts.Order()); // last id takes every value in [base, target)
    }

    [Fact]
    public void Target_must_exceed_the_base_window() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PosePositions(128, 128));

    [Fact]
    public void Contiguous_positions_count_from_zero() =>
        Assert.Equal([0L, 1, 2, 3], new ContiguousPositions().Positions(PackedBlock.Whole(new int[4], [0..4]), new Random(0)));

    [Fact]
    public void The_repository_split_keeps_the_first_chunk_within_half_the_block_and_still_reaches_every_such_length()
    {
        const int length = 16, target = 48;
        var scheme = new PosePositions(target, baseWindow: 16, PoseSplit.FirstHalf);
        var random = new Random(2);
        var firstChunks = new HashSet<int>();
        for (int sample = 0; sample < 2000; sample++)
        {
            var ids = scheme.Positions(PackedBlock.Whole(new int[length], [0..length]), random);
            int jump = Enumerable.Range(1, length - 1).FirstOrDefault(i => ids[i] != ids[i - 1] + 1, length);
            if (jump < length) firstChunks.Add(jump);
        }
        Assert.Equal(Enumerable.Range(1, 8), firstChunks.Order());   // l ∈ [1, (16 + 1) / 2]
    }
}
