using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Recipe;

public sealed class SentenceSelectionTests
{
    static readonly WordTokenizer Tokenizer = TestDocuments.Tokenizer;

    [Fact]
    public void Digit_selector_keeps_every_digit_sentence_and_about_p_of_the_rest_in_order()
    {
        var document = TestDocuments.WordDocument(3000, new Random(1));
        var selector = new DigitSentenceSelector(Tokenizer, keepProbability: 0.5);

        var kept = selector.Select(document, new Random(2));

        var keptStarts = kept.KeptSentences.Select(s => kept.SourceIndex[s.Start.Value]).ToHashSet();
        int others = 0, othersKept = 0;
        foreach (var sentence in document.Sentences)
        {
            bool hasDigit = document.Tokens[sentence].Any(Tokenizer.IsNumber);
            bool wasKept = keptStarts.Contains(sentence.Start.Value);
            if (hasDigit) Assert.True(wasKept);
            else { others++; if (wasKept) othersKept++; }
        }
        Assert.InRange((double)othersKept / others, 0.45, 0.55);
        AssertFaithfulShortening(document, kept);
    }

    [Fact]
    public void Digit_selector_reads_decoded_text_so_any_tokenizer_works()
    {
        var tokenizer = new PieceTokenizer(["we", "met", "at", "no", "on", "rt3", "."]); // "rt3" is a piece with a digit inside
        int[] tokens = [0, 1, 2, 5, 6, 0, 1, 2, 3, 6, 0, 4, 5, 6];
        var document = SourceDocument.Split(tokens, tokenizer);

        var kept = new DigitSentenceSelector(tokenizer, keepProbability: 0).Select(document, new Random(3));

        Assert.Equal([0, 1, 2, 5, 6, 0, 4, 5, 6], kept.Tokens);
    }

    [Fact]
    public void Digit_selector_truncates_the_source_first_when_asked()
    {
        var document = TestDocuments.WordDocument(200, new Random(4));
        var kept = new DigitSentenceSelector(Tokenizer, keepProbability: 1, sourceLength: 100).Select(document, new Random(5));
        Assert.Equal(document.Tokens[..100], kept.Tokens);
    }

    [Fact]
    public void Matched_random_selection_reads_the_same_cut_and_keeps_as_many_tokens_as_the_digit_rule()
    {
        var random = new Random(11);
        int digitSentencesKept = 0, digitSentencesSeen = 0;
        for (int trial = 0; trial < 30; trial++)
        {
            var document = TestDocuments.WordDocument(600, random);
            var rule = new DigitSentenceSelector(Tokenizer, keepProbability: 0.5, sourceLength: 300);
            int seed = random.Next();
            var ruleKept = rule.Select(document, new Random(seed));
            var kept = new MatchedRandomSelector(rule).Select(document, new Random(seed));

            Assert.All(kept.SourceIndex, i => Assert.InRange(i, 0, 299));   // the same truncated text
            var cut = document.Truncated(300);
            int longest = cut.Sentences.Max(s => s.LengthOf());
            Assert.InRange(kept.Tokens.Length, ruleKept.Tokens.Length - longest + 1, ruleKept.Tokens.Length);
            Assert.Equal(kept.SourceIndex.Select(i => cut.Tokens[i]), kept.Tokens);
            foreach (var sentence in KeptSentenceIndices(cut, kept).Select(i => cut.Sentences[i]))
                if (cut.Tokens[sentence].Any(Tokenizer.IsNumber)) digitSentencesKept++;
            digitSentencesSeen += cut.Sentences.Count(s => cut.Tokens[s].Any(Tokenizer.IsNumber));
        }
        // The rule keeps every digit sentence; its random match keeps digit sentences no more often than others.
        Assert.InRange((double)digitSentencesKept / digitSentencesSeen, 0.3, 0.9);
    }

    [Fact]
    public void Top_mask_marks_the_rounded_fraction_of_scored_tokens_with_largest_shift()
    {
        float[] shift = [float.NaN, 0.5f, 3f, -1f, 2f, 0f, 1f, 2.5f, -2f, 0.1f, 0.2f];
        var mask = ImpactfulTokens.TopMask(shift, 0.3); // 10 scored -> 3 marked
        Assert.Equal([2, 4, 7], Enumerable.Range(0, mask.Length).Where(i => mask[i]));
        Assert.False(ImpactfulTokens.TopMask(shift, 1.0)[0]);
    }

    [Fact]
    public void Logit_shift_keeps_impactful_sentences_then_fills_the_budget_in_order()
    {
        var random = new Random(6);
        for (int trial = 0; trial < 50; trial++)
        {
            var (document, impactfulSentences) = ShiftedDocument(sentences: 60, impactful: 5, random);
            int budget = 150;
            var kept = new LogitShiftSelector(topFraction: 0.02, budget).Select(document, random);

            var keptSentences = KeptSentenceIndices(document, kept);
            Assert.Subset(keptSentences.ToHashSet(), impactfulSentences.ToHashSet());
            Assert.True(kept.Tokens.Length <= budget);
            int longestLeftOut = Enumerable.Range(0, document.Sentences.Count).Except(keptSentences)
                .Select(s => document.Sentences[s].LengthOf()).DefaultIfEmpty(0).Max();
            Assert.True(kept.Tokens.Length > budget - longestLeftOut);
            AssertFaithfulShortening(document, kept);
        }
    }

    [Fact]
    public void Logit_shift_over_budget_keeps_the_highest_shift_sentences()
    {
        // Ten sentences of ten tokens; sentence s has its impactful token with shift 10 + s (plus noise elsewhere).
        var tokens = Enumerable.Range(0, 100).Select(i => i % 10 == 9 ? Tokenizer.Id(".") : Tokenizer.Id("dog")).ToArray();
        var baseLp = new float[100];
        var referenceLp = new float[100];
        int[] impactful = [1, 3, 4, 6, 8];
        foreach (int s in impactful) referenceLp[s * 10 + 4] = 10 + s;
        var document = SourceDocument.Split(tokens, Tokenizer, new TokenLogProbs(baseLp, referenceLp));

        var kept = new LogitShiftSelector(topFraction: 0.05, budget: 30).Select(document, new Random(7));

        Assert.Equal([4, 6, 8], KeptSentenceIndices(document, kept));
    }

    [Fact]
    public void Upsampled_logit_shift_repeats_each_impactful_sentence_in_a_row_and_counts_the_copies_in_the_budget()
    {
        // Ten sentences of ten tokens (each its own words); sentences 1 and 6 hold the impactful tokens.
        var tokens = Enumerable.Range(0, 100).Select(i => i % 10 == 9 ? Tokenizer.Id(".") : Tokenizer.Id(i / 10 % 2 == 0 ? "dog" : "cat")).ToArray();
        var referenceLp = new float[100];
        referenceLp[14] = referenceLp[64] = 5;
        var document = SourceDocument.Split(tokens, Tokenizer, new TokenLogProbs(new float[100], referenceLp));

        var kept = new LogitShiftSelector(topFraction: 0.02, budget: 60, upsample: 3).Select(document, new Random(7));

        // Both impactful sentences three times each: the whole budget, no room for another sentence.
        Assert.Equal(60, kept.Tokens.Length);
        Assert.Equal([10, 10, 10, 60, 60, 60], kept.KeptSentences.Select(s => kept.SourceIndex[s.Start.Value]));
        Assert.All(kept.KeptSentences, s => Assert.Equal(tokens[kept.SourceIndex[s.Start.Value]..(kept.SourceIndex[s.Start.Value] + 10)], kept.Tokens[s]));
        var plain = new LogitShiftSelector(0.02, 60).Select(document, new Random(7));
        Assert.Equal(6, plain.KeptSentences.Select(s => plain.SourceIndex[s.Start.Value]).Distinct().Count());   // once each, four others fill the budget
    }

    [Fact]
    public void Logit_shift_without_log_probabilities_is_refused()
    {
        var document = TestDocuments.WordDocument(5, new Random(8));
        var error = Assert.Throws<ArgumentException>(() => new LogitShiftSelector(0.2, 10).Select(document, new Random(9)));
        Assert.Contains("log-probabilities", error.Message);
    }

    [Fact]
    public void Random_sentences_fill_the_budget_without_exceeding_it()
    {
        var document = TestDocuments.WordDocument(300, new Random(10));
        var kept = new RandomSentenceSelector(budget: 500).Select(document, new Random(11));
        Assert.InRange(kept.Tokens.Length, 500 - 10, 500);
        AssertFaithfulShortening(document, kept);
        Assert.NotEqual(document.Tokens[..kept.Tokens.Length], kept.Tokens); // not simply the first sentences
    }

    [Fact]
    public void Keep_all_returns_the_document()
    {
        var document = TestDocuments.WordDocument(40, new Random(12));
        var kept = new KeepAllSentences().Select(document, new Random(13));
        Assert.Equal(document.Tokens, kept.Tokens);
        Assert.Equal(document.Sentences, kept.KeptSentences);
    }

    /// <summary>Kept tokens are the source tokens at SourceIndex, in increasing source order, with sentence spans tiling them.</summary>
    static void AssertFaithfulShortening(SourceDocument document, ShortenedSequence kept)
    {
        for (int i = 0; i < kept.Tokens.Length; i++) Assert.Equal(document.Tokens[kept.SourceIndex[i]], kept.Tokens[i]);
        for (int i = 1; i < kept.SourceIndex.Length; i++) Assert.True(kept.SourceIndex[i] > kept.SourceIndex[i - 1]);
        Assert.Equal(kept.Tokens.Length, kept.KeptSentences.Sum(s => s.LengthOf()));
        Assert.Same(document.Sentences, kept.SourceSentences);
    }

    static int[] KeptSentenceIndices(SourceDocument document, ShortenedSequence kept)
    {
        var starts = kept.KeptSentences.Select(s => kept.SourceIndex[s.Start.Value]).ToHashSet();
        return Enumerable.Range(0, document.Sentences.Count).Where(s => starts.Contains(document.Sentences[s].Start.Value)).ToArray();
    }

    /// <summary>A document whose only positive shifts are one token in each of <paramref name="impactful"/> random sentences.</summary>
    static (SourceDocument Document, int[] ImpactfulSentences) ShiftedDocument(int sentences, int impactful, Random random)
    {
        var document = TestDocuments.WordDocument(sentences, random);
        int n = document.Tokens.Length;
        var baseLp = Enumerable.Range(0, n).Select(_ => (float)-random.NextDouble()).ToArray();
        var referenceLp = baseLp.Select(v => v - 0.5f).ToArray();
        var chosen = Enumerable.Range(0, sentences).OrderBy(_ => random.Next()).Take(impactful).Order().ToArray();
        foreach (int s in chosen) referenceLp[Math.Max(1, document.Sentences[s].Start.Value)] += 5;
        // top 2% of ~300 scored tokens = about the planted ones; the exact impactful set is what the mask says
        var mask = ImpactfulTokens.TopMask(ImpactfulTokens.Shift(new TokenLogProbs(baseLp, referenceLp)), 0.02);
        var impactfulSentences = Enumerable.Range(0, sentences)
            .Where(s => Enumerable.Range(document.Sentences[s].Start.Value, document.Sentences[s].LengthOf()).Any(i => mask[i])).ToArray();
        return (new SourceDocument(document.Tokens, document.Sentences, new TokenLogProbs(baseLp, referenceLp)), impactfulSentences);
    }

    /// <summary>A tokenizer whose ids decode to arbitrary multi-character pieces.</summary>
    sealed class PieceTokenizer(string[] pieces) : ITokenizer
    {
        public int VocabSize => pieces.Length;
        public int? BosId => null;
        public IReadOnlyList<int> StartIds => [];
        public int EosId => -1;
        public int? PadId => null;
        public int[] Encode(string text) => throw new NotSupportedException();
        public string Decode(IEnumerable<int> ids) => string.Join(" ", ids.Select(i => pieces[i]));
        public bool EndsSentence(int id) => pieces[id] == ".";
    }
}
