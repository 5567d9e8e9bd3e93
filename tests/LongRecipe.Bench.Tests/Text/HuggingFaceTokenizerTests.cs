using System.Text.Json;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Text;

/// <summary>
/// Real vocabularies (HuggingFace/README.md says where they come from): Qwen2's byte-level BPE and Mistral's
/// SentencePiece-style BPE, each checked token for token against the ids Hugging Face's own library gives.
/// </summary>
public sealed class HuggingFaceTokenizerTests(HuggingFaceTokenizerTests.Vocabularies vocabularies) : IClassFixture<HuggingFaceTokenizerTests.Vocabularies>
{
    /// <summary>Unpacks each fixture once for the class (the Qwen2 file is 11 MB unpacked).</summary>
    public sealed class Vocabularies : IDisposable
    {
        readonly TempFolder _folder = new();
        readonly Dictionary<string, HuggingFaceTokenizer> _loaded = [];

        public HuggingFaceTokenizer this[string vocab]
        {
            get
            {
                lock (_loaded)
                {
                    if (_loaded.TryGetValue(vocab, out var tokenizer)) return tokenizer;
                    string folder = RealTokenizers.Unpack(vocab, _folder.File(vocab));
                    return _loaded[vocab] = HuggingFaceTokenizer.Load(folder);
                }
            }
        }

        public void Dispose() => _folder.Dispose();
    }

    static readonly string[] Strings = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(RealTokenizers.Fixtures(), "strings.json")))!;

    sealed record Expected(int[] ids, int[] with_special);

    [Theory]
    [InlineData("qwen2")]
    [InlineData("mistral")]
    public void Encodes_every_string_exactly_as_hugging_face_tokenizers_do(string vocab)
    {
        var tokenizer = vocabularies[vocab];
        var expected = JsonSerializer.Deserialize<Expected[]>(File.ReadAllText(Path.Combine(RealTokenizers.Fixtures(), vocab, "expected.json")))!;
        Assert.Equal(Strings.Length, expected.Length);
        var wrong = Strings.Select((text, i) => (text, i)).Where(s => !tokenizer.Encode(s.text).SequenceEqual(expected[s.i].ids))
            .Select(s => JsonSerializer.Serialize(s.text)).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {Strings.Length} strings differ, e.g. {string.Join("; ", wrong.Take(3))}");
        for (int i = 0; i < Strings.Length; i++)
            Assert.Equal(expected[i].with_special, (int[])[.. tokenizer.StartIds, .. tokenizer.Encode(Strings[i])]);
    }

    [Theory]
    [InlineData("qwen2")]
    [InlineData("mistral")]
    public void Decoding_gives_back_the_text(string vocab)
    {
        var tokenizer = vocabularies[vocab];
        // Qwen2 normalises to NFC before encoding; Mistral gives each stretch between special tokens its own leading space.
        foreach (string text in Strings.Where(t => vocab != "mistral" || !t.Contains("</s>")))
            Assert.Equal(vocab == "qwen2" ? UnicodeNfc.Apply(text) : text, tokenizer.Decode(tokenizer.Encode(text)));
    }

    [Fact]
    public void Special_tokens_come_from_tokenizer_config_and_sentences_end_where_the_decoded_text_does()
    {
        var mistral = vocabularies["mistral"];
        Assert.Equal((1, 2, (int?)null), (mistral.BosId, mistral.EosId, mistral.PadId));
        var qwen = vocabularies["qwen2"];
        Assert.Equal(((int?)null, 151645, 151643), (qwen.BosId, qwen.EosId, qwen.PadId));
        foreach (var tokenizer in new[] { mistral, qwen })
        {
            int[] ids = tokenizer.Encode("One sentence here. Another one? A third!");
            var ends = ids.Select((id, i) => (id, i)).Where(t => tokenizer.EndsSentence(t.id)).Select(t => tokenizer.Decode(ids[..(t.i + 1)])).ToList();
            Assert.Equal(["One sentence here.", "One sentence here. Another one?", "One sentence here. Another one? A third!"], ends);
        }
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "{ not json", "(json)" },
        { """{"model": {"type": "Unigram", "vocab": []}}""", "model.type" },
        { """{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "normalizer": {"type": "Lowercase"}}""", "normalizer" },
        { """{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend"}, {"type": "Replace"}]}}""",
            "model.byte_fallback" },
        { """{"model": {"type": "BPE", "vocab": {"a": 0}}, "pre_tokenizer": {"type": "ByteLevel"}}""", "merges" },
        { """{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "added_tokens": [{"id": 1, "content": "<x>", "lstrip": true}]}""",
            "added_tokens[0].lstrip" },
        { """{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "continuing_subword_prefix": "##"}}""", "model.continuing_subword_prefix" },
    };

    /// <summary>A byte-level vocabulary in which "abc" is an entry that no merge builds: a b → ab, and no "ab c".</summary>
    static string TinyByteLevel(bool ignoreMerges) => $$$"""
        {"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "c": 2, "abc": 3, "ab": 4}, "merges": ["a b"], "ignore_merges": {{{(ignoreMerges ? "true" : "false")}}}},
         "added_tokens": [{"id": 5, "content": "<eos>", "special": true}],
         "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": "\\p{L}+"}, "behavior": "Isolated", "invert": false},
            {"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}]}}
        """;

    [Theory]
    [InlineData(false, new[] { 4, 2 })]
    [InlineData(true, new[] { 3 })]
    public void Ignore_merges_takes_a_word_that_is_in_the_vocabulary_whole(bool ignoreMerges, int[] expected)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("tokenizer.json"), TinyByteLevel(ignoreMerges));
        File.WriteAllText(folder.File("tokenizer_config.json"), """{"eos_token": "<eos>"}""");
        var tokenizer = HuggingFaceTokenizer.Load(folder.Path);
        Assert.Equal(expected, tokenizer.Encode("abc"));
        Assert.Equal("abc<eos>", tokenizer.Decode([.. expected, 5]));
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_tokenizer_file_this_project_cannot_reproduce_is_refused_naming_the_field(string json, string field)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("tokenizer.json"), json);
        var error = Assert.Throws<ConfigException>(() => HuggingFaceTokenizer.Load(folder.Path));
        Assert.Equal((folder.File("tokenizer.json"), field), (error.File, error.Field));
    }
}
