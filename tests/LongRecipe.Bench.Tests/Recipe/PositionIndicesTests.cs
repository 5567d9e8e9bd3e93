using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Recipe;

public sealed class PositionIndicesTests
{
    [Theory]
    [InlineData(64, 200, 1, 12)]
    [InlineData(600, 2000, 5, 40)]
    [InlineData(100, 100, 3, 9)]    // no room to skip: contiguous
    [InlineData(50, 1000, 60, 60)]  // a single sentence: the cut falls at the drawn prefix length
    public void Ids_start_at_zero_increase_strictly_and_end_at_target_minus_one(int length, int target, int minSentence, int maxSentence)
    {
        var scheme = new PositionIndices(target);
        var random = new Random(length + target);
        for (int sample = 0; sample < 300; sample++)
        {
            var block = TestDocuments.Block(length, minSentence, maxSentence, random);
            var ids = scheme.Positions(block, random);

            Assert.Equal(length, ids.Length);
            Assert.Equal(0, ids[0]);
            Assert.Equal(target - 1, ids[^1]); // total skip is exactly target − length
            for (int i = 1; i < ids.Length; i++) Assert.True(ids[i] > ids[i - 1]);
        }
    }

    [Fact]
    public void Kept_boundaries_keep_every_sentence_contiguous_and_jump_only_at_sentence_starts()
    {
        var scheme = new PositionIndices(4000);
        var random = new Random(2);
        for (int sample = 0; sample < 300; sample++)
        {
            var block = TestDocuments.Block(1000, 1, 50, random);
            var ids = scheme.Positions(block, random);

            var starts = block.Sentences.Select(s => s.Start.Value).ToHashSet();
            for (int i = 1; i < ids.Length; i++)
                if (ids[i] != ids[i - 1] + 1) Assert.Contains(i, starts);
        }
    }

    [Fact]
    public void Prefix_is_contiguous_and_no_longer_than_half_the_block_plus_one_sentence()
    {
        var scheme = new PositionIndices(5000);
        var random = new Random(3);
        for (int sample = 0; sample < 300; sample++)
        {
            var block = TestDocuments.Block(1000, 5, 20, random);
            var ids = scheme.Positions(block, random);

            int prefix = 1;
            while (ids[prefix] == prefix) prefix++;
            Assert.True(prefix <= 500 + 20, $"prefix {prefix}");
        }
    }

    [Fact]
    public void Original_boundaries_put_gaps_at_source_boundaries_not_at_the_blocks_own_sentences()
    {
        var scheme = new PositionIndices(3000, LongRecipeVariant.OriginalBoundaries);
        var random = new Random(4);
        for (int sample = 0; sample < 200; sample++)
        {
            var own = TestDocuments.RandomSentences(800, 3, 30, random);
            var source = TestDocuments.RandomSentences(1500, 3, 30, random); // the longer original document
            var ids = scheme.Positions(new PackedBlock(new int[800], own, source), random);

            var sourceStarts = source.Select(s => s.Start.Value).ToHashSet();
            Assert.Equal(2999, ids[^1]);
            for (int i = 1; i < ids.Length; i++)
                if (ids[i] != ids[i - 1] + 1) Assert.Contains(i, sourceStarts);
        }
    }

    [Fact]
    public void Over_many_samples_ids_cover_the_whole_target_window()
    {
        const int target = 4096, length = 1228, buckets = 16;
        var scheme = new PositionIndices(target);
        var random = new Random(5);
        var hits = new int[buckets];
        for (int sample = 0; sample < 200; sample++)
            foreach (long id in scheme.Positions(TestDocuments.Block(length, 4, 40, random), random))
                hits[id * buckets / target]++;

        Assert.All(hits, h => Assert.True(h > 0));
        // Spread, not piled at the ends: every bucket gets at least a quarter of its even share.
        Assert.All(hits, h => Assert.True(h > 200 * length / buckets / 4, string.Join(",", hits)));
    }

    [Fact]
    public void Same_seed_gives_the_same_ids()
    {
        var block = TestDocuments.Block(500, 2, 30, new Random(6));
        var scheme = new PositionIndices(2000);
        Assert.Equal(scheme.Positions(block, new Random(7)), scheme.Positions(block, new Random(7)));
        Assert.NotEqual(scheme.Positions(block, new Random(7)), scheme.Positions(block, new Random(8)));
    }

    [Fact]
    public void Ten_thousand_blocks_of_2048_are_positioned_quickly()
    {
        // Not a timing assertion: it proves the scheme is linear enough to run in a test at all.
        var random = new Random(9);
        var blocks = Enumerable.Range(0, 20).Select(_ => TestDocuments.Block(2048, 5, 40, random)).ToArray();
        var scheme = new PositionIndices(6826);
        long checksum = 0;
        for (int i = 0; i < 10_000; i++) checksum += scheme.Positions(blocks[i % blocks.Length], random)[^1];
        Assert.Equal(10_000L * 6825, checksum);
    }

    [Fact]
    public void Blocks_longer_than_the_target_are_refused() =>
        Assert.Throws<ArgumentException>(() => new PositionIndices(100).Positions(TestDocuments.Block(101, 5, 9, new Random(1)), new Random(1)));
}
