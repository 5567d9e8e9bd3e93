using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Text;
using LongRecipe.Bench.Training;

namespace LongRecipe.Bench.Tests.Recipe;

public sealed class PackedBlockTests
{
    [Fact]
    public void Packing_cuts_the_concatenated_stream_into_full_blocks_and_drops_the_rest()
    {
        var random = new Random(1);
        var sequences = Enumerable.Range(0, 12)
            .Select(_ => new RandomSentenceSelector(70).Select(TestDocuments.WordDocument(40, random), random)).ToArray();
        var stream = sequences.SelectMany(s => s.Tokens).ToArray();

        var blocks = PackedBlock.Pack(sequences, 64).ToArray();

        Assert.Equal(stream.Length / 64, blocks.Length);
        Assert.Equal(stream[..(blocks.Length * 64)], blocks.SelectMany(b => b.Tokens));
        for (int i = 0; i < blocks.Length; i++)
        {
            var block = blocks[i];
            Assert.Equal(64, block.Length);
            Assert.Equal(Enumerable.Range(0, 64), block.Sentences.SelectMany(s => Enumerable.Range(s.Start.Value, s.LengthOf())));
            Assert.Same(sequences[i].SourceSentences, block.SourceSentences);
        }
    }

    [Fact]
    public void A_sentence_cut_by_the_block_edge_continues_in_the_next_block()
    {
        var document = new SourceDocument([1, 2, 3, 4, 5, 6, 7, 8], [0..3, 3..8]);
        var sequence = new KeepAllSentences().Select(document, new Random(0));

        var blocks = PackedBlock.Pack([sequence, sequence], 5).ToArray();

        Assert.Equal(3, blocks.Length);
        Assert.Equal([0..3, 3..5], blocks[0].Sentences);
        Assert.Equal([0..3, 3..5], blocks[1].Sentences); // 6 7 8 | 1 2
        Assert.Equal([0..1, 1..5], blocks[2].Sentences); // 3 | 4 5 6 7
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7], blocks.SelectMany(b => b.Tokens));
    }

    [Fact]
    public void Recall_weights_follow_the_kept_tokens_and_count_only_recall_whose_evidence_was_kept()
    {
        // Token 4 repeats token 1 (kept), token 6 repeats token 2 (dropped); the answer starts at 7.
        var document = new LongRecipe.Bench.Corpus.Document([10, 11, 12, 13, 11, 14, 12, 15], [-1, -1, -1, -1, 1, -1, 2, -1]) { AnswerStart = 7 };
        var kept = ShortenedSequence.Keep(new SourceDocument(document.Tokens, [0..2, 2..4, 4..8]), [0, 2]).WithRecallWeights(document, 5);

        Assert.Equal([10, 11, 11, 14, 12, 15], kept.Tokens);
        Assert.Equal([1f, 1f, 5f, 1f, 1f, 5f], kept.LossWeights!);

        var blocks = PackedBlock.Pack([kept, kept], 4).ToArray();
        Assert.Equal(3, blocks.Length);
        Assert.Equal(kept.LossWeights!.Concat(kept.LossWeights!), blocks.SelectMany(b => b.LossWeights!));
        Assert.Null(PackedBlock.Pack([kept with { LossWeights = null }], 3).First().LossWeights);
    }

    [Fact]
    public void Training_block_requires_one_position_per_token() =>
        Assert.Throws<ArgumentException>(() => new TrainingBlock([1, 2, 3], [0, 1]));
}
