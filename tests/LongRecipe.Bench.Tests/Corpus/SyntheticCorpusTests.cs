using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Corpus;

public sealed class SyntheticCorpusTests
{
    static readonly WordTokenizer Tokenizer = new();
    static readonly SyntheticCorpus Corpus = new(Tokenizer);

    [Fact]
    public void Documents_SameSeed_GiveIdenticalDocuments()
    {
        var first = Corpus.Documents(5, 300, seed: 11).ToList();
        var second = Corpus.Documents(5, 300, seed: 11).ToList();

        for (int k = 0; k < first.Count; k++)
        {
            Assert.Equal(first[k].Tokens, second[k].Tokens);
            Assert.Equal(first[k].EvidenceIndex, second[k].EvidenceIndex);
        }
    }

    [Fact]
    public void Documents_DifferentSeedsAndIndices_Differ()
    {
        var seed11 = Corpus.Documents(3, 300, seed: 11).ToList();
        var seed12 = Corpus.Documents(3, 300, seed: 12).ToList();

        for (int k = 0; k < seed11.Count; k++) Assert.NotEqual(seed11[k].Tokens, seed12[k].Tokens);
        Assert.NotEqual(seed11[0].Tokens, seed11[1].Tokens);
    }

    [Fact]
    public void Documents_DocumentK_DependsOnlyOnSeedAndK()
    {
        var fromFew = Corpus.Documents(4, 200, seed: 3).Last();
        var fromMany = Corpus.Documents(50, 200, seed: 3).ElementAt(3);

        Assert.Equal(fromFew.Tokens, fromMany.Tokens);
        Assert.Equal(fromFew.EvidenceIndex, fromMany.EvidenceIndex);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(31)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(1000)]
    [InlineData(2048)]
    [InlineData(4096)]
    public void Generate_WritesExactlyTheRequestedLengthOfWholeSentences(int length)
    {
        foreach (var document in Corpus.Documents(20, length, seed: length))
        {
            Assert.Equal(length, document.Tokens.Length);
            Assert.Equal(length, document.EvidenceIndex.Length);
            if (length > 0) Assert.True(Tokenizer.EndsSentence(document.Tokens[^1]), "the document ends mid-sentence");
            // The longest planted sentence is the RULER-worded answer: 13 words, the digits and a period.
            Assert.True(LongestSentence(document.Tokens) <= Math.Max(FillerWriter.MaxSentenceLength, 14 + Corpus.Options.MaxDigits),
                $"a sentence runs {LongestSentence(document.Tokens)} tokens without an end mark");
        }
    }

    [Fact]
    public void Generate_OneTokenIsANewlineAndTwoTokensAreAnInterjection()
    {
        Assert.Equal([Tokenizer.Id("\n")], Corpus.Generate(1, new Random(1)).Tokens);
        var two = Corpus.Generate(2, new Random(1)).Tokens;
        Assert.Contains(Tokenizer.Token(two[0]), new[] { "yes", "no" });
        Assert.True(Tokenizer.EndsSentence(two[1]));
    }

    [Theory]
    [InlineData(128)]
    [InlineData(2048)]
    public void Generate_UsesOnlyOrdinaryVocabularyTokens(int length)
    {
        foreach (var document in Corpus.Documents(20, length, seed: 5))
            Assert.All(document.Tokens, id =>
            {
                Assert.InRange(id, 0, Tokenizer.VocabSize - 1);
                Assert.DoesNotContain(id, new[] { Tokenizer.UnkId, Tokenizer.PadId, Tokenizer.BosId, Tokenizer.EosId });
            });
    }

    [Theory]
    [InlineData(17)]
    [InlineData(128)]
    [InlineData(2048)]
    public void DecodeThenEncode_ReproducesTheIds(int length)
    {
        foreach (var document in Corpus.Documents(20, length, seed: 8))
            Assert.Equal(document.Tokens, Tokenizer.Encode(Tokenizer.Decode(document.Tokens)));
    }

    [Fact]
    public void Generate_DrawsOnlyFromTheGivenRandom()
    {
        var a = Corpus.Generate(500, new Random(42));
        var b = new SyntheticCorpus(Tokenizer).Generate(500, new Random(42));
        Assert.Equal(a.Tokens, b.Tokens);
    }

    [Fact]
    public void Describe_BracketsExactlyTheLongRangeTokens()
    {
        var document = Corpus.Documents(1, 512, seed: 2).Single();
        string text = Corpus.Describe(document);

        int annotated = document.EvidenceIndex.Count(e => e >= 0);
        Assert.True(annotated > 0);
        Assert.Equal(annotated, text.Count(c => c == '['));
        int firstRecall = Array.FindIndex(document.EvidenceIndex, e => e >= 0);
        Assert.Contains($"[{Tokenizer.Token(document.Tokens[firstRecall])}^{firstRecall - document.EvidenceIndex[firstRecall]}]", text);
    }

    [Theory]
    [InlineData(-0.1, 5, 3, "EvidenceShare")]
    [InlineData(0.05, 0, 3, "MinDigits")]
    [InlineData(0.05, 2, 1, "MaxDigits")]
    public void Constructor_RejectsOptionsOutOfRange_NamingTheField(double share, int minDigits, int maxDigits, string field)
    {
        var options = new CorpusOptions(EvidenceShare: share, MinDigits: minDigits, MaxDigits: maxDigits);
        var error = Assert.Throws<ArgumentException>(() => new SyntheticCorpus(Tokenizer, options));
        Assert.Contains($"CorpusOptions.{field}", error.Message);
    }

    [Fact]
    public void Constructor_RejectsOtherOptionsOutOfRange()
    {
        Assert.Throws<ArgumentException>(() => new SyntheticCorpus(Tokenizer, new CorpusOptions(MaxChainHops: 0)));
        Assert.Throws<ArgumentException>(() => new SyntheticCorpus(Tokenizer, new CorpusOptions(TopicWordRate: 1.5)));
        Assert.Throws<ArgumentException>(() => new SyntheticCorpus(Tokenizer, new CorpusOptions(MinRecallGap: -1)));
        Assert.Throws<ArgumentException>(() => new SyntheticCorpus(Tokenizer, new CorpusOptions(Kinds: (PlantedKinds)16)));
    }

    static int LongestSentence(int[] tokens)
    {
        int longest = 0, current = 0;
        foreach (int id in tokens)
        {
            current++;
            if (!Tokenizer.EndsSentence(id)) continue;
            longest = Math.Max(longest, current);
            current = 0;
        }
        return Math.Max(longest, current);
    }
}
