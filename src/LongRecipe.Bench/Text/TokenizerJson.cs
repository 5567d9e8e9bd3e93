using System.Text.Json;

namespace LongRecipe.Bench.Text;

/// <summary>The two BPE families of Llama-style checkpoints.</summary>
public enum BpeFamily
{
    /// <summary>GPT-2 style: text → UTF-8 bytes shown as printable characters, split by a regex first (Llama 3, Qwen2).</summary>
    ByteLevel,
    /// <summary>SentencePiece style: spaces become "▁", a "▁" is prepended, bytes only as &lt;0xXX&gt; fallback (Llama 2, Mistral).</summary>
    Metaspace,
}

/// <summary>
/// What a Hugging Face tokenizer.json (plus tokenizer_config.json's special tokens) says, read and checked: every field
/// that is missing or of a kind this project does not implement is one <see cref="ConfigException"/> naming it.
/// </summary>
public sealed record TokenizerJson(BpeFamily Family, Dictionary<string, int> Vocab, List<(string Left, string Right)> Merges,
    Dictionary<string, int> AddedTokens, string? SplitPattern, bool Nfc, string? UnknownToken, IReadOnlyList<int> Prefix,
    string? Bos, string? Eos, string? Pad, bool IgnoreMerges)
{
    /// <summary>GPT-2's split, which a ByteLevel pre-tokenizer with use_regex applies when no Split step precedes it.</summary>
    const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static TokenizerJson Load(string folder)
    {
        string path = Path.Combine(folder, "tokenizer.json");
        if (!File.Exists(path)) throw new ConfigException(path, "(file)", "not found");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return Read(path, document.RootElement, SpecialTokens(Path.Combine(folder, "tokenizer_config.json")));
        }
        catch (JsonException e) { throw new ConfigException(path, "(json)", e.Message.Split('.')[0]); }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new ConfigException(path, "(document)", $"not a tokenizer.json this project reads ({e.Message})");
        }
    }

    static TokenizerJson Read(string path, JsonElement root, (string? Bos, string? Eos, string? Pad) special)
    {
        var model = Field(path, root, "model", JsonValueKind.Object);
        string type = model.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "BPE";
        if (type != "BPE") throw new ConfigException(path, "model.type", $"'{type}' is not supported (BPE only; Unigram and WordPiece are not)");
        foreach (var (field, allowed) in new[] { ("dropout", ""), ("continuing_subword_prefix", ""), ("end_of_word_suffix", "") })
            if (model.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null && value.ToString() != allowed)
                throw new ConfigException(path, $"model.{field}", $"{value} is not supported");
        bool ignoreMerges = model.TryGetProperty("ignore_merges", out var ignore) && ignore.ValueKind == JsonValueKind.True;
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in Field(path, model, "vocab", JsonValueKind.Object).EnumerateObject()) vocab[entry.Name] = entry.Value.GetInt32();
        var merges = new List<(string, string)>();
        foreach (var merge in Field(path, model, "merges", JsonValueKind.Array).EnumerateArray())
            merges.Add(merge.ValueKind == JsonValueKind.Array ? (merge[0].GetString()!, merge[1].GetString()!) : SplitMerge(path, merge.GetString()!));
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root.TryGetProperty("added_tokens", out var tokens))
            foreach (var (token, i) in tokens.EnumerateArray().Select((t, i) => (t, i)))
            {
                // Matched verbatim in the raw text here; stripping neighbours' spaces or matching after normalisation is not.
                foreach (string flag in new[] { "lstrip", "rstrip", "single_word", "normalized" })
                    if (token.TryGetProperty(flag, out var on) && on.ValueKind == JsonValueKind.True)
                        throw new ConfigException(path, $"added_tokens[{i}].{flag}", "true is not supported");
                added[token.GetProperty("content").GetString()!] = token.GetProperty("id").GetInt32();
            }

        string? pattern = null;
        bool byteLevel = false;
        foreach (var step in Steps(root, "pre_tokenizer", "pretokenizers"))
            switch (step.GetProperty("type").GetString())
            {
                case "Split":
                    if (step.GetProperty("behavior").GetString() != "Isolated" || step.TryGetProperty("invert", out var invert) && invert.GetBoolean())
                        throw new ConfigException(path, "pre_tokenizer", "a Split other than behavior Isolated, invert false is not supported");
                    pattern = step.GetProperty("pattern").GetProperty("Regex").GetString();
                    break;
                case "ByteLevel":
                    byteLevel = true;
                    if (step.TryGetProperty("add_prefix_space", out var prefixSpace) && prefixSpace.GetBoolean())
                        throw new ConfigException(path, "pre_tokenizer", "ByteLevel add_prefix_space true is not supported");
                    if (!step.TryGetProperty("use_regex", out var useRegex) || useRegex.GetBoolean())   // Hugging Face's default: true
                        pattern = pattern is null ? Gpt2Pattern : throw new ConfigException(path, "pre_tokenizer", "a Split followed by ByteLevel use_regex true is not supported");
                    break;
                case var other: throw new ConfigException(path, "pre_tokenizer", $"'{other}' is not supported (Split, ByteLevel)");
            }
        var normalizers = Steps(root, "normalizer", "normalizers").Select(n => n.GetProperty("type").GetString()).ToList();
        bool nfc = normalizers.Remove("NFC");
        bool metaspace = normalizers.Remove("Prepend") & normalizers.Remove("Replace");
        if (normalizers.Count > 0) throw new ConfigException(path, "normalizer", $"'{normalizers[0]}' is not supported (NFC; Prepend + Replace)");
        if (byteLevel == metaspace)
            throw new ConfigException(path, "pre_tokenizer", "neither a byte-level BPE (ByteLevel pre-tokenizer) nor a SentencePiece-style one (Prepend ▁ normalizer)");
        if (byteLevel && pattern is null) throw new ConfigException(path, "pre_tokenizer", "a byte-level BPE needs a Split regex");
        if (metaspace && !(model.TryGetProperty("byte_fallback", out var fallback) && fallback.GetBoolean()))
            throw new ConfigException(path, "model.byte_fallback", "a SentencePiece-style BPE must fall back to bytes");

        var prefix = Steps(root, "post_processor", "processors").Where(p => p.GetProperty("type").GetString() == "TemplateProcessing")
            .SelectMany(p => p.GetProperty("single").EnumerateArray().TakeWhile(piece => piece.TryGetProperty("SpecialToken", out _)))
            .Select(piece => Id(path, piece.GetProperty("SpecialToken").GetProperty("id").GetString()!, vocab, added)).ToList();
        string? unknown = model.TryGetProperty("unk_token", out var unk) && unk.ValueKind == JsonValueKind.String ? unk.GetString() : null;
        foreach (var (name, token) in new[] { ("bos_token", special.Bos), ("eos_token", special.Eos), ("pad_token", special.Pad) })
            if (token is not null) Id(path, token, vocab, added, $"tokenizer_config.json {name}");
        return new TokenizerJson(byteLevel ? BpeFamily.ByteLevel : BpeFamily.Metaspace, vocab, merges, added, pattern, nfc, unknown, prefix,
            special.Bos, special.Eos, special.Pad, ignoreMerges);
    }

    /// <summary>A step and the steps of a Sequence, flattened; none when the field is absent or null.</summary>
    static IEnumerable<JsonElement> Steps(JsonElement root, string field, string sequenceField)
    {
        if (!root.TryGetProperty(field, out var step) || step.ValueKind != JsonValueKind.Object) return [];
        return step.GetProperty("type").GetString() == "Sequence" ? step.GetProperty(sequenceField).EnumerateArray().ToList() : [step];
    }

    /// <summary>bos/eos/pad from tokenizer_config.json: a string, or {"content": …}; absent file or null value: none.</summary>
    static (string?, string?, string?) SpecialTokens(string path)
    {
        if (!File.Exists(path)) return (null, null, null);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        string? Token(string name) => document.RootElement.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object => v.GetProperty("content").GetString(),
            _ => null,
        } : null;
        return (Token("bos_token"), Token("eos_token"), Token("pad_token"));
    }

    static JsonElement Field(string path, JsonElement parent, string name, JsonValueKind kind) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == kind ? value
            : throw new ConfigException(path, name, $"missing or not a JSON {kind.ToString().ToLowerInvariant()}");

    static (string, string) SplitMerge(string path, string merge) =>
        merge.IndexOf(' ', 1) is var space and > 0 ? (merge[..space], merge[(space + 1)..]) : throw new ConfigException(path, "model.merges", $"'{merge}' is not a pair");

    static int Id(string path, string token, Dictionary<string, int> vocab, Dictionary<string, int> added, string field = "post_processor") =>
        added.TryGetValue(token, out int id) || vocab.TryGetValue(token, out id) ? id : throw new ConfigException(path, field, $"token '{token}' is not in the vocabulary");
}
