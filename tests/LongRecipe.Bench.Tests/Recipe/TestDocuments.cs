using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Recipe;

/// <summary>Synthetic documents of known sentence structure for the recipe tests.</summary>
internal static class TestDocuments
{
    public static readonly WordTokenizer Tokenizer = new();

    /// <summary>Sentences of random lengths in [minLength, maxLength] (delimiter included) tiling <paramref name="length"/> tokens.</summary>
    public static IReadOnlyList<Range> RandomSentences(int length, int minLength, int maxLength, Random random)
    {
        var spans = new List<Range>();
        for (int start = 0; start < length;)
        {
            int end = Math.Min(length, start + random.Next(minLength, maxLength + 1));
            spans.Add(start..end);
            start = end;
        }
        return spans;
    }

    /// <summary>Word sentences ending in '.', some of them holding a digit, with the spans the tokenizer gives.</summary>
    public static SourceDocument WordDocument(int sentences, Random random, double digitShare = 0.3)
    {
        var tokens = new List<int>();
        int[] words = [Tokenizer.Id("the"), Tokenizer.Id("dog"), Tokenizer.Id("sees"), Tokenizer.Id("river"), Tokenizer.Id("and")];
        for (int s = 0; s < sentences; s++)
        {
            int length = random.Next(2, 9);
            for (int i = 0; i < length; i++) tokens.Add(words[random.Next(words.Length)]);
            if (random.NextDouble() < digitShare) tokens.Insert(tokens.Count - random.Next(1, length), Tokenizer.RandomNumberPiece(random));
            tokens.Add(Tokenizer.Id("."));
        }
        return SourceDocument.Split([.. tokens], Tokenizer);
    }

    public static PackedBlock Block(int length, int minSentence, int maxSentence, Random random)
    {
        var sentences = RandomSentences(length, minSentence, maxSentence, random);
        return PackedBlock.Whole(new int[length], sentences);
    }
}
