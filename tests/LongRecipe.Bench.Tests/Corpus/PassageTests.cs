using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Corpus;

public sealed class PassageTests
{
    static readonly WordTokenizer Tokenizer = new();

    [Fact]
    public void Passages_are_repeated_verbatim_and_every_copied_code_word_points_at_its_original()
    {
        var corpus = new SyntheticCorpus(Tokenizer, new CorpusOptions(Kinds: PlantedKinds.Passage, EvidenceShare: 0.2));
        var codeWords = Lexicon.CodeWords.Select(Tokenizer.Id).ToHashSet();
        int remember = Tokenizer.Id("remember"), annotatedSeen = 0;
        foreach (var document in corpus.Documents(20, 512, seed: 11))
        {
            for (int i = 0; i < document.Length; i++)
            {
                if (document.EvidenceIndex[i] < 0) continue;
                annotatedSeen++;
                int source = document.EvidenceIndex[i];
                Assert.Equal(document.Tokens[source], document.Tokens[i]);
                Assert.Contains(document.Tokens[i], codeWords);
                // The token before a copied word is the same word the original passage had there.
                Assert.Equal(document.Tokens[source - 1], document.Tokens[i - 1]);
            }
            // Code words occur only inside passages ("remember" … "."), never in filler.
            bool inPassage = false;
            foreach (int token in document.Tokens)
            {
                if (token == remember) inPassage = true;
                else if (Tokenizer.EndsSentence(token)) inPassage = false;
                else if (codeWords.Contains(token)) Assert.True(inPassage);
            }
        }
        Assert.True(annotatedSeen > 100, $"only {annotatedSeen} annotated tokens");
    }

    [Fact]
    public void Passage_is_not_part_of_the_default_kinds()
    {
        var document = new SyntheticCorpus(Tokenizer).Generate(2048, new Random(2));
        Assert.DoesNotContain(Tokenizer.Id("remember"), document.Tokens);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(1024)]
    public void A_repeated_document_copies_earlier_spans_from_varying_distances(int length)
    {
        var corpus = new SyntheticCorpus(Tokenizer, new CorpusOptions(RepeatShare: 1));
        var distances = new HashSet<int>();
        int copied = 0;
        foreach (var document in corpus.Documents(20, length, seed: 8))
        {
            Assert.Equal(length, document.Length);
            for (int i = 0; i < length; i++)
            {
                int source = document.EvidenceIndex[i];
                if (source < 0) continue;
                Assert.True(source < i);
                Assert.Equal(document.Tokens[source], document.Tokens[i]);
                // Inside a copied span the predecessor is copied too, so the token is predictable by matching content.
                Assert.Equal(document.Tokens[source - 1], document.Tokens[i - 1]);
                distances.Add(i - source);
                copied++;
            }
        }
        Assert.True(copied > 20 * length / 4, $"only {copied} copied tokens");
        Assert.True(distances.Count > 20, $"copy distances should vary, saw {distances.Count} distinct");
    }

    [Fact]
    public void Repeat_share_sets_the_fraction_of_repeated_documents()
    {
        var corpus = new SyntheticCorpus(Tokenizer, new CorpusOptions(RepeatShare: 0.6));
        // Code words occur only in passages (not a default kind) and, drawn at random, in copy lists: 64 random tokens
        // miss all 48 of them with probability below 0.001.
        var codeWords = Lexicon.CodeWords.Select(Tokenizer.Id).ToHashSet();
        int repeated = corpus.Documents(400, 64, seed: 3).Count(d => d.Tokens.Any(codeWords.Contains));
        Assert.InRange(repeated, 200, 280);
    }
}
