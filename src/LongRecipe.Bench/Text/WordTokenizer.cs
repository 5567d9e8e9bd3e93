using System.Text;

namespace LongRecipe.Bench.Text;

/// <summary>
/// Word-level tokenizer of the synthetic language: one id per lexicon word, number pieces, punctuation, newline and
/// BOS/EOS/PAD/UNK. A run of digits is cut left to right into pieces of up to three digits (1383914 → 138 391 4), as
/// Llama 3's tokenizer cuts numbers, so copying a number is a few distinct tokens rather than seven ambiguous digits.
/// Text is lower-cased; spaces are implied between tokens except before punctuation, after a newline, and inside digit
/// groups such as 4821-9930.
/// </summary>
public sealed class WordTokenizer : ITokenizer
{
    public const string Pad = "<pad>", Bos = "<bos>", Eos = "<eos>", Unk = "<unk>";
    public static readonly string[] Punctuation = [".", ",", "?", "!", ":", "=", "-", "\n"];
    const int MaxNumberPiece = 3;
    /// <summary>Every piece of one to three digits: 0–9, 00–99, 000–999.</summary>
    static readonly string[] NumberPieces = [.. Enumerable.Range(1, MaxNumberPiece)
        .SelectMany(digits => Enumerable.Range(0, (int)Math.Pow(10, digits)).Select(n => n.ToString(new string('0', digits), System.Globalization.CultureInfo.InvariantCulture)))];

    readonly string[] _tokens;
    readonly Dictionary<string, int> _ids;
    readonly HashSet<int> _sentenceEnds;

    public WordTokenizer()
    {
        _tokens = [Pad, Bos, Eos, Unk, .. Punctuation, .. NumberPieces, .. Lexicon.AllWords];
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _tokens.Length; i++) _ids[_tokens[i]] = i;
        _sentenceEnds = [_ids["."], _ids["?"], _ids["!"], _ids["\n"]];
    }

    public int VocabSize => _tokens.Length;
    public int PadId => 0;
    public int BosId => 1;
    public int EosId => 2;
    public int UnkId => 3;
    int? ITokenizer.BosId => BosId;
    int? ITokenizer.PadId => PadId;
    /// <summary>The tiny models train on text without a BOS in front.</summary>
    public IReadOnlyList<int> StartIds => [];
    public bool EndsSentence(int id) => _sentenceEnds.Contains(id);
    /// <summary>Whether the token is a piece of a number (one to three digits).</summary>
    public bool IsNumber(int id) => id >= FirstNumberId && id < FirstNumberId + NumberPieces.Length;
    /// <summary>A uniformly drawn number piece (any of the 1,110).</summary>
    public int RandomNumberPiece(Random random) => FirstNumberId + random.Next(NumberPieces.Length);
    static int FirstNumberId => 4 + Punctuation.Length;
    public int Id(string token) => _ids.TryGetValue(token, out var id) ? id : UnkId;
    public string Token(int id) => _tokens[id];

    public int[] Encode(string text)
    {
        var ids = new List<int>(text.Length / 4);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\n') { ids.Add(_ids["\n"]); i++; }
            else if (char.IsWhiteSpace(c)) i++;
            else if (char.IsAsciiDigit(c))
            {
                int start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]) && i - start < MaxNumberPiece) i++;
                ids.Add(_ids[text[start..i]]);
            }
            else if (char.IsLetter(c))
            {
                int start = i;
                while (i < text.Length && char.IsLetter(text[i])) i++;
                ids.Add(Id(text[start..i].ToLowerInvariant()));
            }
            else { ids.Add(_ids.TryGetValue(c.ToString(), out var p) ? p : UnkId); i++; }
        }
        return [.. ids];
    }

    public string Decode(IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        string? previous = null;
        foreach (int id in ids)
        {
            if (id == PadId || id == BosId || id == EosId) continue;
            string token = id < _tokens.Length ? _tokens[id] : _tokens[UnkId];   // a model's padded embedding rows are no token
            if (previous != null && NeedsSpace(previous, token)) text.Append(' ');
            text.Append(token);
            previous = token;
        }
        return text.ToString();
    }

    static bool NeedsSpace(string previous, string next)
    {
        if (previous == "\n" || next == "\n") return false;
        if (next is "." or "," or "?" or "!" or ":") return false;
        bool previousDigitish = char.IsAsciiDigit(previous[0]) || previous == "-";
        bool nextDigitish = char.IsAsciiDigit(next[0]) || next == "-";
        return !(previousDigitish && nextDigitish);
    }
}
