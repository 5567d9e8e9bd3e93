using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace LongRecipe.Bench.Text;

/// <summary>
/// A checkpoint's own tokenizer from its tokenizer.json: byte-level BPE (Llama 3, Qwen2) or SentencePiece-style BPE
/// (Llama 2, Mistral). Microsoft.ML.Tokenizers' BpeTokenizer applies the merges; this class adds what it lacks for
/// Hugging Face parity: added tokens matched in the text first (each segment between them encoded on its own, as
/// transformers does), a code-point-correct split regex, byte fallback, and decoding to the exact bytes.
/// </summary>
public sealed class HuggingFaceTokenizer : ITokenizer
{
    const char Space = '\u2581';
    readonly TokenizerJson _json;
    readonly Tokenizer _bpe;
    readonly PreTokenizer _splitter;
    readonly Regex? _addedTokens;
    readonly byte[][] _bytes;
    readonly bool[] _endsSentence;

    HuggingFaceTokenizer(TokenizerJson json, string folder)
    {
        _json = json;
        bool byteLevel = json.Family == BpeFamily.ByteLevel;
        // SentencePiece-style text is one piece per "▁" run and what follows it: no merge joins "x▁", and BPE over a whole
        // document at once would be quadratic in its length.
        _splitter = new CodePointRegexPreTokenizer(byteLevel ? json.SplitPattern! : $"{Space}*[^{Space}]+|{Space}+");
        _bpe = BpeTokenizer.Create(new BpeOptions(json.Vocab)
        {
            Merges = json.Merges.Select(m => m.Left + " " + m.Right),
            ByteLevel = byteLevel,
            PreTokenizer = _splitter,
            Normalizer = byteLevel ? (json.Nfc ? new NfcNormalizer() : null) : new MetaspaceNormalizer(),
            UnknownToken = json.UnknownToken,
            FuseUnknownTokens = false,
        });
        if (json.AddedTokens.Count > 0)
            _addedTokens = new Regex(string.Join("|", json.AddedTokens.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)), RegexOptions.Compiled);
        VocabSize = json.Vocab.Values.Concat(json.AddedTokens.Values).Max() + 1;
        _bytes = new byte[VocabSize][];
        var byteOf = byteLevel ? ByteLevelAlphabet.Inverse() : null;
        foreach (var (token, id) in json.Vocab) _bytes[id] = byteOf is not null ? [.. token.Select(c => byteOf[c])] : MetaspaceBytes(token);
        foreach (var (token, id) in json.AddedTokens) _bytes[id] = Encoding.UTF8.GetBytes(token);
        _endsSentence = [.. _bytes.Select(b => b is not null && EndsSentence(Encoding.UTF8.GetString(b)))];
        BosId = json.Bos is { } bos ? IdOf(bos) : json.Prefix.Count > 0 ? json.Prefix[0] : null;
        EosId = json.Eos is { } eos ? IdOf(eos)
            : throw new ConfigException(Path.Combine(folder, "tokenizer_config.json"), "eos_token", "needed to stop generation; not given");
        PadId = json.Pad is { } pad ? IdOf(pad) : null;
    }

    /// <summary>Reads tokenizer.json and tokenizer_config.json of a checkpoint folder; a bad file is one <see cref="ConfigException"/>.</summary>
    public static HuggingFaceTokenizer Load(string folder)
    {
        var json = TokenizerJson.Load(folder);
        string path = Path.Combine(folder, "tokenizer.json");
        if (json.Family == BpeFamily.Metaspace && Enumerable.Range(0, 256).FirstOrDefault(b => !json.Vocab.ContainsKey($"<0x{b:X2}>"), -1) is var missing and >= 0)
            throw new ConfigException(path, "model.vocab", $"byte fallback needs <0x00>..<0xFF>; <0x{missing:X2}> is missing");
        if (json.Nfc && !UnicodeNfc.Available)
            throw new ConfigException(path, "normalizer", "NFC needs ICU (libicuuc), which this machine does not have");
        try { return new HuggingFaceTokenizer(json, folder); }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ConfigException(path, "(document)", $"cannot build this tokenizer ({e.Message})");
        }
    }

    public int VocabSize { get; }
    public int? BosId { get; }
    public int EosId { get; }
    public int? PadId { get; }

    /// <summary>What transformers puts before the text with add_special_tokens=True (Llama's &lt;s&gt;; nothing for Qwen2).</summary>
    public IReadOnlyList<int> StartIds => _json.Prefix;

    public bool EndsSentence(int id) => id >= 0 && id < _endsSentence.Length && _endsSentence[id];

    public int[] Encode(string text)
    {
        var ids = new List<int>();
        int position = 0;
        if (_addedTokens is not null)
            foreach (Match match in _addedTokens.Matches(text))
            {
                EncodeSegment(text[position..match.Index], ids);
                ids.Add(_json.AddedTokens[match.Value]);
                position = match.Index + match.Length;
            }
        EncodeSegment(text[position..], ids);
        return [.. ids];
    }

    void EncodeSegment(string segment, List<int> ids)
    {
        if (segment.Length == 0) return;
        if (_json.Family == BpeFamily.ByteLevel && !_json.IgnoreMerges)
        {
            ids.AddRange(_bpe.EncodeToIds(segment));
            return;
        }
        if (_json.Family == BpeFamily.ByteLevel)
        {
            // ignore_merges (Llama 3): a pre-token that is itself in the vocabulary is one token, whatever the merges would make.
            string text = _json.Nfc ? UnicodeNfc.Apply(segment) : segment;
            foreach (var (offset, length) in _splitter.PreTokenize(text))
            {
                string piece = text.Substring(offset, length);
                if (_json.Vocab.TryGetValue(ByteLevelAlphabet.Spell(piece), out int whole)) ids.Add(whole);
                else ids.AddRange(_bpe.EncodeToIds(piece, considerPreTokenization: false, considerNormalization: false));
            }
            return;
        }
        var tokens = _bpe.EncodeToTokens(segment, out string? normalized);
        string source = normalized ?? segment;
        foreach (var token in tokens)
            if (token.Value == _json.UnknownToken)   // byte fallback: the piece's UTF-8 bytes as <0xXX> tokens
            {
                var (offset, length) = token.Offset.GetOffsetAndLength(source.Length);
                ids.AddRange(Encoding.UTF8.GetBytes(source.Substring(offset, length)).Select(b => _json.Vocab[$"<0x{b:X2}>"]));
            }
            else ids.Add(token.Id);
    }

    /// <summary>The exact text: each token's bytes joined, then read as UTF-8 (SentencePiece-style text loses its first space).</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var bytes = new List<byte>();
        foreach (int id in ids)
            if (id >= 0 && id < _bytes.Length && _bytes[id] is { } piece) bytes.AddRange(piece);
        string text = Encoding.UTF8.GetString([.. bytes]);
        return _json.Family == BpeFamily.Metaspace && text.StartsWith(' ') ? text[1..] : text;
    }

    int IdOf(string token) => _json.AddedTokens.TryGetValue(token, out int id) ? id : _json.Vocab[token];

    static bool EndsSentence(string text) => text.Contains('\n') || text.TrimEnd(' ') is [.., '.' or '?' or '!'];

    static byte[] MetaspaceBytes(string token) =>
        token is ['<', '0', 'x', _, _, '>'] ? [Convert.ToByte(token[3..5], 16)] : Encoding.UTF8.GetBytes(token.Replace(Space, ' '));

    sealed class NfcNormalizer : Normalizer
    {
        public override string Normalize(string original) => UnicodeNfc.Apply(original);
        public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
    }

    /// <summary>Llama 2 / Mistral's normalizer: a "▁" in front, every space a "▁".</summary>
    sealed class MetaspaceNormalizer : Normalizer
    {
        public override string Normalize(string original) => Space + original.Replace(' ', Space);
        public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
    }
}
