using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Corpus;

public sealed class TextFileDocumentsTests
{
    /// <summary>One token per character (its code), EOS 0: token sequences read back as text.</summary>
    sealed class CharTokenizer : ITokenizer
    {
        public int VocabSize => 128;
        public int? BosId => null;
        public IReadOnlyList<int> StartIds => [];
        public int EosId => 0;
        public int? PadId => null;
        public int[] Encode(string text) => [.. text.Select(c => (int)c)];
        public string Decode(IEnumerable<int> ids) => new([.. ids.Select(i => i == EosId ? '|' : (char)i)]);
        public bool EndsSentence(int id) => id == '.';
    }

    static readonly CharTokenizer Chars = new();

    static TextFileDocuments Load(TempFolder folder, params string[] texts)
    {
        string file = folder.File("t.jsonl");
        File.WriteAllLines(file, texts.Select(t => System.Text.Json.JsonSerializer.Serialize(new { text = t })));
        return TextFileDocuments.Load([file], "text", Chars, folder.File("p.yaml"), "data.train");
    }

    [Fact]
    public void A_long_text_gives_a_window_of_itself_at_a_random_offset()
    {
        using var folder = new TempFolder();
        string text = string.Concat(Enumerable.Range(0, 40).Select(i => $"sentence {i:D2} ends. "));
        var documents = Load(folder, text).Documents(30, 50, seed: 3).ToList();
        Assert.All(documents, d => Assert.Contains(Chars.Decode(d.Tokens), text));
        Assert.All(documents, d => Assert.All(d.EvidenceIndex, e => Assert.Equal(-1, e)));
        Assert.True(documents.Select(d => Chars.Decode(d.Tokens)).Distinct().Count() > 20, "windows start at many offsets");
    }

    [Fact]
    public void Short_texts_are_packed_in_file_order_with_eos_between_and_the_last_cut_to_the_length()
    {
        using var folder = new TempFolder();
        var source = Load(folder, "aaa", "bb", "c");
        var decoded = source.Documents(20, 11, seed: 1).Select(d => Chars.Decode(d.Tokens)).ToList();
        Assert.All(decoded, d => Assert.Equal(11, d.Length));
        // Whatever text a document starts at, the next ones follow in file order, wrapping round.
        Assert.All(decoded, d => Assert.Contains(d, new[] { "aaa|bb|c|aa", "bb|c|aaa|bb", "c|aaa|bb|c|" }));
        Assert.Equal(3, decoded.Distinct().Count());
    }

    [Theory]
    [InlineData("{\"text\": 3}", "line 2: text", "is Number, not a string")]
    [InlineData("[\"text\"]", "line 2: text", "missing")]
    [InlineData("{text: unquoted}", "line 2", "not JSON")]
    public void A_bad_line_names_the_file_and_line(string bad, string field, string problem)
    {
        using var folder = new TempFolder();
        string file = folder.File("t.jsonl");
        File.WriteAllLines(file, ["{\"text\": \"fine\"}", bad]);
        var error = Assert.Throws<ConfigException>(() => TextFileDocuments.Load([file], "text", Chars, "p.yaml", "data.train"));
        Assert.Equal((file, field), (error.File, error.Field));
        Assert.StartsWith(problem, error.Problem);
    }

    [Fact]
    public void Files_without_any_text_or_of_another_kind_are_the_profiles_error()
    {
        using var folder = new TempFolder();
        File.WriteAllLines(folder.File("empty.jsonl"), ["{\"text\": \"  \"}"]);
        File.WriteAllText(folder.File("t.csv"), "text\nhello\n");
        foreach (string file in new[] { folder.File("empty.jsonl"), folder.File("t.csv"), folder.File("missing.jsonl") })
        {
            var error = Assert.Throws<ConfigException>(() => TextFileDocuments.Load([file], "text", Chars, "p.yaml", "data.replay"));
            Assert.Equal(("p.yaml", "data.replay"), (error.File, error.Field));
        }
    }

    [Fact]
    public void A_json_lines_text_is_read_from_its_file_when_drawn_and_a_file_changed_since_is_refused_naming_it()
    {
        using var folder = new TempFolder();
        var source = Load(folder, "", "first text.", "second one.");
        // Same byte lengths, other letters: a source holding its texts would not notice.
        File.WriteAllLines(folder.File("t.jsonl"), new[] { "", "FIRST TEXT.", "SECOND ONE." }.Select(t => System.Text.Json.JsonSerializer.Serialize(new { text = t })));
        File.SetLastWriteTimeUtc(folder.File("t.jsonl"), DateTime.UtcNow.AddMinutes(1));
        var error = Assert.Throws<ConfigException>(() => source.Documents(1, 23, seed: 2).ToList());
        Assert.Equal((folder.File("t.jsonl"), "(file)"), (error.File, error.Field));
        Assert.StartsWith("changed since the run read it", error.Problem);
    }

    [Fact]
    public void Lines_longer_than_the_read_buffer_come_back_whole()
    {
        using var folder = new TempFolder();
        // 70,000 and 140,000 characters: each line crosses a 64 KiB read, the second two.
        string a = string.Concat(Enumerable.Repeat("abcdefghij", 7_000)), b = string.Concat(Enumerable.Repeat("klmnopqrst", 14_000));
        var source = Load(folder, a, b);
        var decoded = source.Documents(6, a.Length + b.Length + 1, seed: 5).Select(d => Chars.Decode(d.Tokens)).ToHashSet();
        Assert.Equal(new HashSet<string> { a + "|" + b, b + "|" + a }, decoded);
    }

    [Fact]
    public void Byte_order_mark_crlf_line_ends_and_multibyte_text_are_read_back_exactly()
    {
        using var folder = new TempFolder();
        string file = folder.File("t.jsonl");
        File.WriteAllText(file, "{\"text\": \"caf\u00e9 \u2014 na\u00efve\"}\r\n\r\n{\"text\": \"\u65e5\u672c\u8a9e\"}", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var source = TextFileDocuments.Load([file], "text", Chars, "p.yaml", "data.train");
        var decoded = source.Documents(10, 18, seed: 4).Select(d => Chars.Decode(d.Tokens)).ToHashSet();
        Assert.Equal(new HashSet<string> { "café — naïve|日本語|c", "日本語|café — naïve|日" }, decoded);
    }
}
