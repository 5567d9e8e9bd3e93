using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace LongRecipe.Bench.Text;

/// <summary>
/// Splits text with a tokenizer.json Split regex as Hugging Face's regex engine does, per code point. .NET's Regex reads
/// UTF-16 units, so \p{L} or \p{N} never match a character outside the Basic Multilingual Plane (𝐀, 𠀀, 𝟏) and
/// Microsoft.ML.Tokenizers' RegexPreTokenizer splits such text differently. Here each surrogate pair is matched as one
/// stand-in character of the same Unicode category and the match offsets are mapped back.
/// </summary>
public sealed class CodePointRegexPreTokenizer(string pattern) : PreTokenizer
{
    readonly Regex _regex = new(pattern, RegexOptions.Compiled);

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => Split(text);

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => Split(text.ToString());

    List<(int, int)> Split(string text)
    {
        var pieces = new List<(int, int)>();
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            foreach (var match in _regex.EnumerateMatches(text)) pieces.Add((match.Index, match.Length));
            return pieces;
        }
        var shadow = new char[text.Length];
        var original = new int[text.Length + 1];   // shadow index → index in text
        int n = 0;
        for (int i = 0; i < text.Length; i++, n++)
        {
            original[n] = i;
            shadow[n] = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                shadow[n] = StandIn(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text[i], text[++i])));
        }
        original[n] = text.Length;
        foreach (var match in _regex.EnumerateMatches(shadow.AsSpan(0, n)))
            pieces.Add((original[match.Index], original[match.Index + match.Length] - original[match.Index]));
        return pieces;
    }

    /// <summary>A character of the Basic Multilingual Plane in the same category; none is ASCII, a space or a line break.</summary>
    static char StandIn(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter => 'À', UnicodeCategory.LowercaseLetter => 'à', UnicodeCategory.TitlecaseLetter => 'ǅ',
        UnicodeCategory.ModifierLetter => 'ʰ', UnicodeCategory.OtherLetter => 'ª',
        UnicodeCategory.NonSpacingMark => '\u0300', UnicodeCategory.SpacingCombiningMark => '\u0903', UnicodeCategory.EnclosingMark => '\u20DD',
        UnicodeCategory.DecimalDigitNumber => '٠', UnicodeCategory.LetterNumber => 'Ⅻ', UnicodeCategory.OtherNumber => '²',
        UnicodeCategory.MathSymbol => '¬', UnicodeCategory.CurrencySymbol => '¢', UnicodeCategory.ModifierSymbol => '˂',
        UnicodeCategory.OtherPunctuation => '¡', UnicodeCategory.Format => '\u200E',
        _ => '¦',   // other symbols (emoji), private use, unassigned
    };
}
