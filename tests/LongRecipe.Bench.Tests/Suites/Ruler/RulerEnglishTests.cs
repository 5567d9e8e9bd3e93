using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Tests.Text;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Suites.Ruler;

/// <summary>suites/ruler-english.yaml: RULER's own templates and a real essay, in a real model's tokenizer.</summary>
public sealed class RulerEnglishTests : IClassFixture<RulerEnglishTests.MistralTokenizer>
{
    public sealed class MistralTokenizer : IDisposable
    {
        readonly TempFolder _folder = new();
        public HuggingFaceTokenizer Tokenizer { get; }
        public MistralTokenizer() => Tokenizer = HuggingFaceTokenizer.Load(RealTokenizers.Unpack("mistral", _folder.File("mistral")));
        public void Dispose() => _folder.Dispose();
    }

    static readonly RulerSuiteConfig English = RulerSuiteLoader.Load(SuitePaths.RulerEnglishYaml);
    readonly HuggingFaceTokenizer _tokenizer;

    public RulerEnglishTests(MistralTokenizer fixture) => _tokenizer = fixture.Tokenizer;

    public static TheoryData<string> Tasks()
    {
        var data = new TheoryData<string>();
        foreach (var task in English.Tasks) data.Add(task.Name);
        return data;
    }

    TaskSample First(RulerTask task, int length) =>
        RulerFamilies.Create(task, _tokenizer, English.Essay()).Generate(new SampleRequest(length, 0, Seeds.Derive(English.Seed, task.Name, length, 0), English.DepthFor(0)));

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Every_task_fills_the_shortest_length_in_rulers_words_and_its_answer_survives_the_tokenizer(string name)
    {
        var task = English.Only([name]).Tasks[0];
        Assert.Equal(Wording.Ruler, task.Wording);
        int length = English.Lengths.Min();
        var sample = First(task, length);
        Assert.InRange(sample.Prompt.Length, length - task.TokensToGenerate - 8, length - task.TokensToGenerate);
        string prompt = _tokenizer.Decode(sample.Prompt);
        var (opening, ending) = task.Args switch
        {
            NiahArgs => ("special magic", @"Make sure to memorize it\. I will quiz you about the \w+ afterwards\.(.|\n)* mentioned in the provided text (is|are)$"),
            VariableTrackingArgs => ("Memorize and track", @"According to the chain\(s\) of variable assignment in the text above, 5 variables are assigned the value \d+, they are:$"),
            CommonWordsArgs => ("Below is a numbered list of words.", "The top 10 words that appear most often in the list are:$"),
            FrequentWordsArgs => ("Read the following coded text", "According to the coded text above, the three most frequently appeared words are:$"),
            QaArgs => ("Answer the question based on the given documents.", @"do not output any other words\.\n\nQuestion: [^\n]+ Answer:$"),
            _ => throw new InvalidOperationException(name),
        };
        Assert.Contains(opening, prompt[..200]);
        Assert.Matches(ending, prompt.TrimEnd());
        foreach (string reference in sample.References) Assert.Contains(reference, prompt);
    }

    [Fact]
    public void Variable_names_are_rulers_capitals_and_the_example_precedes_the_task()
    {
        var sample = First(English.Only(["vt"]).Tasks[0], English.Lengths.Min());
        Assert.All(sample.References, r => Assert.Matches("^[A-Z]{5}$", r));
        string prompt = _tokenizer.Decode(sample.Prompt);
        int example = prompt.IndexOf("Memorize and track", StringComparison.Ordinal);
        Assert.True(example >= 0 && prompt.IndexOf("Memorize and track", example + 1, StringComparison.Ordinal) > example, "one-shot example, then the task");
        Assert.Contains($"VAR {sample.References[1]} = VAR {sample.References[0]}.", prompt);
    }

    /// <summary>The essay haystack, at two lengths, holds no digit and no template word outside the needles.</summary>
    [Theory]
    [InlineData(4096)]
    [InlineData(8192)]
    public void The_essay_haystack_carries_no_digit_and_no_template_word(int length)
    {
        foreach (var task in English.Tasks.Where(t => t.Args is NiahArgs { Haystack: HaystackKind.Essay }))
        {
            var sample = First(task, length);
            string haystack = _tokenizer.Decode(sample.Prompt.AsSpan(sample.HaystackStart, sample.HaystackLength).ToArray());
            int needles = 0;
            string filler = System.Text.RegularExpressions.Regex.Replace(haystack, @"One of the special magic \w+ for [\w-]+ is: [\w-]+\.", _ => { needles++; return ""; });
            var args = (NiahArgs)task.Args;
            Assert.Equal(Math.Max(args.Keys, args.Queries) * args.Values, needles);
            Assert.DoesNotContain(filler, char.IsDigit);
            var words = System.Text.RegularExpressions.Regex.Matches(filler, @"\p{L}+").Select(m => m.Value).ToList();
            Assert.True(words.Count > length / 4, $"{task.Name}: the haystack is essay text");
            Assert.DoesNotContain(words, TextEssayHaystack.TemplateWords.Contains);
        }
    }

    [Fact]
    public void Essay_sentences_with_digits_or_template_words_are_dropped_and_comment_lines_skipped()
    {
        string[] kept = TextEssayHaystack.Split("# Title line\nThe river bends. It has 3 bridges. The magic is gone. \"Why?\" she asked.\n  # another comment\nRain   fell.");
        Assert.Equal(["The river bends.", "\"Why?\" she asked.", "Rain fell."], kept);
    }

    [Fact]
    public void A_short_or_missing_essay_is_the_suite_files_error()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("short.txt"), "One sentence. Another one.");
        var shortSuite = Rewritten(folder, "essay: haystacks/essay.txt", $"essay: {folder.File("short.txt")}");
        var error = Assert.Throws<ConfigException>(() => RulerSuiteLoader.Load(shortSuite).Essay());
        Assert.Equal((shortSuite, "essay"), (error.File, error.Field));
        var missing = Rewritten(folder, "essay: haystacks/essay.txt", "essay: nowhere.txt");
        error = Assert.Throws<ConfigException>(() => RulerSuiteLoader.Load(missing));
        Assert.Equal((missing, "essay"), (error.File, error.Field));
        var unknown = Rewritten(folder, "wording: ruler", "wording: shakespeare");
        error = Assert.Throws<ConfigException>(() => RulerSuiteLoader.Load(unknown));
        Assert.Equal((unknown, "wording"), (error.File, error.Field));
    }

    [Fact]
    public void Rulers_wording_with_the_word_lexicon_is_refused_naming_the_suite()
    {
        using var folder = new TempFolder();
        string profile = MicroProfileWithRuler(folder, SuitePaths.RulerEnglishYaml);
        var error = Assert.Throws<ConfigException>(() => new SuiteEvaluation(Profile.Load(profile), profile, new WordTokenizer()));
        Assert.Equal((SuitePaths.RulerEnglishYaml, "wording"), (error.File, error.Field));
    }

    [Fact]
    public void A_run_belongs_to_its_essay_too_so_resuming_after_the_essay_changed_is_refused()
    {
        using var folder = new TempFolder();
        string essay = folder.File("essay.txt");
        File.Copy(Path.Combine(SuitePaths.Root(), "suites", "haystacks", "essay.txt"), essay);
        string profile = MicroProfileWithRuler(folder, Rewritten(folder, "essay: haystacks/essay.txt", $"essay: {essay}"));
        var run = LongRecipe.Bench.Results.RunFolder.Open(folder.File("results"), "essay");
        RunIdentity.Claim(run, profile, Profile.Load(profile));
        RunIdentity.Claim(run, profile, Profile.Load(profile));   // unchanged: resumes
        File.AppendAllText(essay, "\nOne more sentence at the end.");
        var error = Assert.Throws<ConfigException>(() => RunIdentity.Claim(run, profile, Profile.Load(profile)));
        Assert.Equal((profile, "run_id"), (error.File, error.Field));
    }

    static string Rewritten(TempFolder folder, string from, string to)
    {
        string text = File.ReadAllText(SuitePaths.RulerEnglishYaml);
        Assert.Contains(from, text);
        string path = folder.File($"suite-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text.Replace(from, to).Replace("essay: haystacks/", $"essay: {Path.Combine(SuitePaths.Root(), "suites", "haystacks")}/"));
        return path;
    }

    static string MicroProfileWithRuler(TempFolder folder, string ruler)
    {
        string profile = Runs.MicroProfile.Write(folder, methods: "[base]");
        File.WriteAllText(profile, File.ReadAllText(profile).Replace(SuitePaths.RulerYaml, ruler));
        return profile;
    }
}
