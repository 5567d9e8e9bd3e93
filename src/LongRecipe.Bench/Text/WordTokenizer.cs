using System.Text;

namespace LongRecipe.Bench.Text;

/// <summary>
/// Word-level tokenizer of the synthetic language: one id per lexicon word, single-digit ids (so numbers of any
/// length are learnable), punctuation, newline and BOS/EOS/PAD/UNK. Text is lower-cased; spaces are implied
/// between tokens except before punctuation, after a newline, and inside digit groups such as 4821-9930.
/// </summary>
public sealed class WordTokenizer : ITokenizer
{
    public const string Pad = "<pad>", Bos = "<bos>", Eos = "<eos>", Unk = "<unk>";
    public static readonly string[] Punctuation = [".", ",", "?", "!", ":", "=", "-", "\n"];
    static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    readonly string[] _tokens;
    readonly Dictionary<string, int> _ids;
    readonly HashSet<int> _sentenceEnds;

    public WordTokenizer()
    {
        _tokens = [Pad, Bos, Eos, Unk, .. Punctuation, .. Digits, .. Lexicon.AllWords];
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _tokens.Length; i++) _ids[_tokens[i]] = i;
        _sentenceEnds = [_ids["."], _ids["?"], _ids["!"], _ids["\n"]];
    }

    public int VocabSize => _tokens.Length;
    public int PadId => 0;
    public int BosId => 1;
    public int EosId => 2;
    public int UnkId => 3;
    public bool EndsSentence(int id) => _sentenceEnds.Contains(id);
    public bool IsDigit(int id) => id >= DigitId(0) && id <= DigitId(9);
    public int DigitId(int digit) => 4 + Punctuation.Length + digit;
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
            else if (char.IsAsciiDigit(c)) { ids.Add(DigitId(c - '0')); i++; }
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
            string token = _tokens[id];
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
