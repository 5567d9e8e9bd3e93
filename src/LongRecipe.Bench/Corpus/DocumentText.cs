using System.Text;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Corpus;

/// <summary>Human-readable rendering of a document that marks its long-range dependent tokens.</summary>
internal static class DocumentText
{
    /// <summary>Spaced like <see cref="WordTokenizer.Decode"/>, with each annotated token written as [token^distance].</summary>
    public static string Render(WordTokenizer tokenizer, Document document)
    {
        var text = new StringBuilder();
        string? previous = null;
        for (int i = 0; i < document.Length; i++)
        {
            string token = tokenizer.Token(document.Tokens[i]);
            if (previous != null && SpaceBetween(previous, token)) text.Append(' ');
            int evidence = document.EvidenceIndex[i];
            text.Append(evidence < 0 ? token : $"[{token}^{i - evidence}]");
            previous = token;
        }
        return text.ToString();
    }

    static bool SpaceBetween(string previous, string next)
    {
        if (previous == "\n" || next == "\n") return false;
        return next is not ("." or "," or "?" or "!" or ":");
    }
}
