using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Corpus;

/// <summary>
/// Finds planted facts in a token stream by their wording alone, independently of the generator, and reports for each
/// recall the positions of the recalled value and of the stated value it must repeat.
/// </summary>
internal static class PlantedFactReader
{
    public sealed record Recall(string Kind, int[] RecalledPositions, int[] StatedPositions);

    public static List<Recall> Read(WordTokenizer tokenizer, int[] tokens)
    {
        string[] words = Array.ConvertAll(tokens, tokenizer.Token);
        var recalls = new List<Recall>();
        var keyValues = new Dictionary<string, int[]>();
        var variables = new Dictionary<string, int[]>();
        var residences = new Dictionary<string, int>();

        for (int i = 0; i < words.Length; i++)
        {
            if (Matches(words, i, "one", "of", "the", "special", "magic", "numbers", "for") && Matches(words, i + 8, "is", ":"))
            {
                Assert.True(keyValues.TryAdd(words[i + 7], DigitRun(tokenizer, tokens, i + 10)), $"key {words[i + 7]} is stated twice");
            }
            else if (Matches(words, i, "the", "special", "magic", "number", "for") && Matches(words, i + 6, "mentioned", "in", "the", "text", "above", "is", ":"))
            {
                Assert.True(keyValues.Remove(words[i + 5], out int[]? stated), $"key {words[i + 5]} is asked for before it is stated");
                recalls.Add(new Recall("key-value", DigitRun(tokenizer, tokens, i + 13), stated!));
            }
            else if (Matches(words, i, "var") && words[i + 2] == "=")
            {
                string name = words[i + 1];
                Assert.False(variables.ContainsKey(name), $"variable {name} is assigned twice");
                variables[name] = words[i + 3] == "var" ? variables[words[i + 4]] : DigitRun(tokenizer, tokens, i + 3);
            }
            else if (Matches(words, i, "var") && words[i + 2] == "is")
            {
                recalls.Add(new Recall("variable", DigitRun(tokenizer, tokens, i + 3), variables[words[i + 1]]));
            }
            else if (Matches(words, i, "lives", "in"))
            {
                Assert.True(residences.TryAdd(words[i - 1], i + 2), $"{words[i - 1]} is given two homes");
            }
            else if (Matches(words, i, "where", "does") && Matches(words, i + 3, "live", "?"))
            {
                recalls.Add(new Recall("entity", [i + 5], [residences[words[i + 2]]]));
            }
        }
        Assert.Empty(keyValues); // every stated key is recalled
        return recalls;
    }

    static bool Matches(string[] words, int at, params string[] expected) =>
        at + expected.Length <= words.Length && expected.Select((word, k) => words[at + k] == word).All(match => match);

    static int[] DigitRun(WordTokenizer tokenizer, int[] tokens, int start)
    {
        int end = start;
        while (end < tokens.Length && tokenizer.IsNumber(tokens[end])) end++;
        Assert.True(end > start, $"expected digits at token {start}");
        return Enumerable.Range(start, end - start).ToArray();
    }
}
