using LongRecipe.Bench.Recipe;

namespace LongRecipe.Bench.Tests.Recipe;

public sealed class LiteralPositionsTests
{
    const int SourceLength = 300, Target = 1000;

    /// <summary>A 300-token source of 3–12-token sentences, about half of them kept (as the digit rule keeps ~0.5–0.7).</summary>
    static PackedBlock Sample(Random random)
    {
        var sentences = TestDocuments.RandomSentences(SourceLength, 3, 12, random);
        var source = new SourceDocument(new int[SourceLength], sentences);
        var kept = Enumerable.Range(0, sentences.Count).Where(i => i == 0 || random.NextDouble() < 0.6);
        return PackedBlock.Single(ShortenedSequence.Keep(source, kept));
    }

    [Fact]
    public void Ids_start_with_a_contiguous_prefix_increase_strictly_and_never_fall_below_their_index()
    {
        var scheme = new LiteralPositions(Target);
        var random = new Random(4);
        for (int sample = 0; sample < 300; sample++)
        {
            var block = Sample(random);
            var ids = scheme.Positions(block, random);
            Assert.Equal(block.Length, ids.Length);
            Assert.Equal(0, ids[0]);
            for (int i = 1; i < ids.Length; i++) Assert.True(ids[i] > ids[i - 1] && ids[i] >= i);
            Assert.True(ids[^1] < Target);
        }
    }

    [Fact]
    public void The_largest_id_is_about_the_kept_share_of_the_target_so_the_window_end_is_rarely_trained()
    {
        var scheme = new LiteralPositions(Target);
        var random = new Random(5);
        var ratios = new List<double>();
        for (int sample = 0; sample < 2000; sample++)
        {
            var block = Sample(random);
            ratios.Add(scheme.Positions(block, random)[^1] / ((double)block.Length / SourceLength * Target));
        }
        Assert.InRange(ratios.Average(), 0.85, 1.15);
    }

    [Fact]
    public void The_prefix_is_drawn_in_one_to_half_the_source_so_it_is_sometimes_most_of_the_sample()
    {
        // One kept sentence spanning the whole source: no boundaries, so ids are the prefix then a constant jump of 0.
        var whole = PackedBlock.Single(ShortenedSequence.Keep(new SourceDocument(new int[SourceLength], [0..SourceLength]), [0]));
        Assert.Equal(Enumerable.Range(0, SourceLength).Select(i => (long)i), new LiteralPositions(Target).Positions(whole, new Random(1)));
    }
}
