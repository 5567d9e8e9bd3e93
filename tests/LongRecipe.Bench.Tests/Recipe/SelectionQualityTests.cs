using LongRecipe.Bench.Recipe;

namespace LongRecipe.Bench.Tests.Recipe;

public sealed class SelectionQualityTests
{
    [Fact]
    public void Precision_and_recall_count_tokens_from_index_one()
    {
        bool[] predicted = [true, true, false, true, true, false];
        bool[] truth = [true, true, true, false, true, false];

        var quality = SelectionQuality.Of(predicted, truth);

        // index 0 is ignored: predicted {1,3,4}, relevant {1,2,4}, both {1,4}
        Assert.Equal(new SelectionQuality(2, 3, 3), quality);
        Assert.Equal(2.0 / 3, quality.Precision, 12);
        Assert.Equal(2.0 / 3, quality.Recall, 12);
    }

    [Fact]
    public void Counts_add_across_documents_and_empty_ratios_are_nan()
    {
        var a = SelectionQuality.Of([false, true, true], [false, true, false]);
        var b = SelectionQuality.Of([false, false, false], [false, false, true]);

        var total = a + b;

        Assert.Equal(0.5, total.Precision, 12);
        Assert.Equal(0.5, total.Recall, 12);
        Assert.True(double.IsNaN(b.Precision));
        Assert.True(double.IsNaN(SelectionQuality.Empty.Recall));
    }

    [Fact]
    public void Evidence_is_retained_only_where_the_evidence_token_was_kept_with_its_dependent()
    {
        // Tokens 5 and 7 need long context; 5 copies token 1, 7 copies token 2. Kept: 1, 5, 7 (token 2 dropped).
        bool[] kept = [false, true, false, false, false, true, false, true];
        bool[] truth = [false, false, false, false, false, true, false, true];
        int[] evidence = [-1, -1, -1, -1, -1, 1, -1, 2];

        var quality = SelectionQuality.Of(kept, truth, evidence);

        Assert.Equal(new SelectionQuality(TruePositives: 2, Predicted: 3, Relevant: 2, EvidenceKept: 1), quality);
        Assert.Equal(0.5, quality.EvidenceRetained, 12);
        Assert.Equal(2, (quality + quality).EvidenceKept);
        Assert.True(double.IsNaN(SelectionQuality.Of(kept, new bool[8], evidence).EvidenceRetained));
    }

    [Fact]
    public void Kept_mask_marks_the_source_positions_of_kept_tokens()
    {
        var document = TestDocuments.WordDocument(30, new Random(1));
        var kept = new RandomSentenceSelector(40).Select(document, new Random(2));
        var mask = kept.KeptMask(document.Tokens.Length);
        Assert.Equal(kept.SourceIndex, Enumerable.Range(0, mask.Length).Where(i => mask[i]));
    }
}
