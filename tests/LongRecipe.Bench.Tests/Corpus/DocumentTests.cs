using LongRecipe.Bench.Corpus;

namespace LongRecipe.Bench.Tests.Corpus;

public sealed class DocumentTests
{
    [Fact]
    public void NeedsContextBeyond_MarksOnlyTokensWhoseEvidenceIsFartherThanTheDistance()
    {
        var document = new Document([5, 6, 5, 7, 6, 5], [-1, -1, 0, -1, 1, 0]);

        Assert.Equal([false, false, true, false, true, true], document.NeedsContextBeyond(0));
        Assert.Equal([false, false, true, false, true, true], document.NeedsContextBeyond(1));
        Assert.Equal([false, false, false, false, true, true], document.NeedsContextBeyond(2));
        Assert.Equal([false, false, false, false, false, true], document.NeedsContextBeyond(4));
        Assert.All(document.NeedsContextBeyond(5), Assert.False);
    }

    [Fact]
    public void NeedsContextBeyond_RejectsNegativeDistance()
    {
        var document = new Document([5], [-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => document.NeedsContextBeyond(-1));
    }

    [Fact]
    public void Constructor_RejectsEvidenceOfAnotherLength()
    {
        var error = Assert.Throws<ArgumentException>(() => new Document([5, 6, 7], [-1, -1]));
        Assert.Contains("EvidenceIndex", error.Message);
    }
}
