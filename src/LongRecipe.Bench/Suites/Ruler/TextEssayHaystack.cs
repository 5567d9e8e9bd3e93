using System.Text.RegularExpressions;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>
/// The "essay" haystack from a text file (RULER reads Paul Graham's essays; the project ships an essay of its own, and a
/// suite's <c>essay:</c> names any other). The text is cut into sentences; sentences holding a digit or a word of the
/// needle and question templates are dropped (and lines starting with # skipped: a title, a licence), so nothing in the filler can pass for a needle or an answer. Each prompt
/// reads the sentences in order from a random one on, starting over at the end (a long prompt repeats the essay, as
/// RULER's does once its essays run out).
/// </summary>
public sealed partial class TextEssayHaystack : IHaystackSource
{
    /// <summary>Words the templates of every wording use for needles, questions and answers.</summary>
    public static readonly IReadOnlySet<string> TemplateWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "special", "magic", "number", "numbers", "uuid", "uuids", "value", "values", "key", "keys", "answer", "answers",
        "question", "memorize", "quiz", "var", "variable", "variables", "document", "documents", "coded",
    };

    /// <summary>Fewer usable sentences than this is not an essay (a needle would always sit next to the same few).</summary>
    public const int MinSentences = 20;

    readonly string[] _sentences;

    TextEssayHaystack(string[] sentences) => _sentences = sentences;

    /// <summary>Reads <paramref name="file"/>; a missing, unreadable or too short essay is <paramref name="suiteFile"/>'s error.</summary>
    public static TextEssayHaystack Load(string suiteFile, string file)
    {
        string text;
        try { text = File.ReadAllText(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(suiteFile, "essay", $"cannot read {file}: {e.Message}");
        }
        var sentences = Split(text);
        if (sentences.Length < MinSentences)
            throw new ConfigException(suiteFile, "essay", $"{file} has {sentences.Length} sentences without digits or template words; at least {MinSentences} needed");
        return new TextEssayHaystack(sentences);
    }

    /// <summary>Whitespace-normalized sentences of <paramref name="text"/> that are clean filler, in reading order.</summary>
    public static string[] Split(string text) =>
        SentenceEnd().Split(Whitespace().Replace(string.Join(' ', text.Split('\n').Where(line => !line.TrimStart().StartsWith('#'))), " ").Trim())
            .Where(s => s.Length > 0 && !s.Any(char.IsDigit) && !Words().Matches(s).Any(w => TemplateWords.Contains(w.Value)))
            .ToArray();

    public IEnumerable<int[]> Sentences(ITokenizer tokenizer, Random random)
    {
        for (int i = random.Next(_sentences.Length); ; i = (i + 1) % _sentences.Length)
            yield return tokenizer.Encode(" " + _sentences[i]);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>After ., ! or ? (and any closing quote or bracket), before the next sentence's first character.</summary>
    [GeneratedRegex(@"(?<=[.!?][""')\]]?)\s+(?=[\p{Lu}""'(\[])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();
}
