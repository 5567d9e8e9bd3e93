using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Suites.Ruler;

public sealed class HaystackTests
{
    static readonly WordTokenizer Tokenizer = new();
    static readonly RulerSuiteConfig Suite = RulerSuiteLoader.Load(SuitePaths.RulerYaml);
    static readonly int[] Lengths = [128, 256, 512, 1024, 2048];
    const int SamplesPerLength = 4;

    /// <summary>Words that frame needles, questions and answers; filler must never use them (nor digits, nor number words).</summary>
    static readonly HashSet<int> NeedleWords = new[]
    {
        "special", "magic", "number", "numbers", "uuid", "uuids", "var", "variable", "variables", "assign", "assigned",
        "assignments", "question", "answer", "memorize", "remember", "value", "values", "key", "keys", "hidden", "mentioned",
        "one", "three", "ten",
    }.Select(Tokenizer.Id).ToHashSet();

    public static TheoryData<string> FillerTasks()
    {
        var data = new TheoryData<string>();
        foreach (var task in Suite.Tasks)
            if (task.Args is NiahArgs { Haystack: not HaystackKind.Needle } or VariableTrackingArgs) data.Add(task.Name);
        return data;
    }

    public static TheoryData<string> NiahTasks()
    {
        var data = new TheoryData<string>();
        foreach (var task in Suite.Tasks.Where(t => t.Args is NiahArgs)) data.Add(task.Name);
        return data;
    }

    [Fact]
    public void Essay_and_noise_sources_hold_no_digits_and_no_needle_words()
    {
        var random = new Random(5);
        var sentences = new GrammarEssayHaystack().Sentences(Tokenizer, random).Take(3000)
            .Concat(new NoiseHaystack().Sentences(Tokenizer, random).Take(10));
        foreach (int[] sentence in sentences)
        {
            Assert.DoesNotContain(sentence, id => Tokenizer.IsNumber(id) || NeedleWords.Contains(id) || id == Tokenizer.UnkId);
            Assert.True(Tokenizer.EndsSentence(sentence[^1]), Tokenizer.Decode(sentence));
        }
    }

    /// <summary>
    /// The haystack region minus its inserts (each needle "one of the special magic … ." or statement "var … .") holds no
    /// digit and no needle word. The inserts are found by their opening words, and their count must be the task's, so a
    /// needle-like phrase in the filler would fail either way.
    /// </summary>
    [Theory]
    [MemberData(nameof(FillerTasks))]
    public void Filler_outside_the_inserts_has_no_digits_and_no_needle_words(string name)
    {
        var task = Suite.Only([name]).Tasks[0];
        int expectedInserts = task.Args switch
        {
            NiahArgs a => Math.Max(a.Keys, a.Queries) * a.Values,
            VariableTrackingArgs a => a.Chains * (a.Hops + 1),
            _ => throw new InvalidOperationException(name),
        };
        int[] needleOpening = Tokenizer.Encode("one of the special magic"), statementOpening = Tokenizer.Encode("var");
        int dot = Tokenizer.Id(".");
        var generator = RulerFamilies.Create(task, Tokenizer);
        foreach (var sample in Samples(generator))
        {
            var haystack = sample.Prompt.AsSpan(sample.HaystackStart, sample.HaystackLength);
            var filler = new List<int>();
            int inserts = 0;
            for (int i = 0; i < haystack.Length;)
            {
                if (haystack[i..].StartsWith(needleOpening) || haystack[i..].StartsWith(statementOpening))
                {
                    int end = haystack[i..].IndexOf(dot);
                    Assert.True(end > 0, $"{name}: an insert at {i} is not closed");
                    i += end + 1;
                    inserts++;
                }
                else filler.Add(haystack[i++]);
            }
            string where = $"{name} L={sample.Length} seed={sample.Seed}";
            Assert.True(inserts == expectedInserts, $"{where}: {inserts} inserts, expected {expectedInserts}");
            Assert.True(filler.Count > 0, $"{where}: no filler");
            int bad = filler.FindIndex(id => Tokenizer.IsNumber(id) || NeedleWords.Contains(id));
            Assert.True(bad < 0, $"{where}: filler token '{(bad < 0 ? "" : Tokenizer.Token(filler[bad]))}' in \"{Tokenizer.Decode(filler)}\"");
        }
    }

    /// <summary>
    /// Every answer needle's key and value appear in the haystack only inside the answer needles: distractor needles
    /// never reuse them, and essay sentences never say the key's words in order.
    /// </summary>
    [Theory]
    [MemberData(nameof(NiahTasks))]
    public void Only_the_answer_needles_name_the_queried_keys_and_their_values(string name)
    {
        var generator = RulerFamilies.Create(Suite.Only([name]).Tasks[0], Tokenizer);
        int[] forOpening = Tokenizer.Encode("for"), isColon = Tokenizer.Encode("is:");
        foreach (var sample in Samples(generator))
        {
            var haystack = sample.Prompt.AsSpan(sample.HaystackStart, sample.HaystackLength);
            var keys = sample.NeedlePositions.Select(p =>
            {
                var needle = sample.Prompt.AsSpan(p);
                int start = needle.IndexOf(forOpening) + 1;
                return needle[start..(start + needle[start..].IndexOf(isColon))].ToArray();
            }).ToList();
            string where = $"{name} L={sample.Length} seed={sample.Seed}";
            foreach (int[] key in keys.Distinct(new SequenceComparer()))
            {
                int needles = keys.Count(k => k.SequenceEqual(key));
                Assert.True(Count(haystack, key) == needles, $"{where}: key '{Tokenizer.Decode(key)}' outside its {needles} needle(s)");
                int[] words = key.Where(id => id != Tokenizer.Id("-")).ToArray();
                if (words.Length < key.Length)
                    Assert.True(Count(haystack, words) == 0, $"{where}: the words of '{Tokenizer.Decode(key)}' appear in the filler");
            }
            foreach (string reference in sample.References)
                Assert.True(Count(haystack, Tokenizer.Encode(reference)) == 1, $"{where}: value {reference} appears more than once");
        }
    }

    [Fact]
    public void Essay_tasks_take_their_filler_from_a_plugged_in_source()
    {
        var source = new RepeatedSource(Tokenizer.Encode(" sven keeps the golden clock."), int.MaxValue);
        var generator = RulerFamilies.Create(Suite.Only(["niah_single_2"]).Tasks[0], Tokenizer, source);
        var sample = generator.Generate(new SampleRequest(512, 0, 3, 0.5));
        Assert.Equal(512 - generator.TokensToGenerate, sample.Prompt.Length);
        Assert.Contains("sven keeps the golden clock. sven keeps", Tokenizer.Decode(sample.Prompt));
    }

    [Fact]
    public void A_finite_source_that_runs_out_is_reported_not_looped_on()
    {
        var source = new RepeatedSource(Tokenizer.Encode("the sky is bright."), 3);
        var generator = RulerFamilies.Create(Suite.Only(["niah_single_2"]).Tasks[0], Tokenizer, source);
        var error = Assert.Throws<PromptDoesNotFitException>(() => generator.Generate(new SampleRequest(512, 0, 3, 0.5)));
        Assert.Contains("ran out", error.Message);
        Assert.Contains("niah_single_2 at length 512", error.Message);
    }

    [Fact]
    public void Several_values_of_one_key_are_referenced_in_the_order_their_needles_appear()
    {
        var generator = RulerFamilies.Create(Suite.Tasks.Single(t => t.Name == "niah_multivalue"), Tokenizer);
        int reversedDraws = 0;
        foreach (var sample in Samples(generator))
        {
            string prompt = Tokenizer.Decode(sample.Prompt);
            var at = sample.References.Select(r => prompt.IndexOf(r, StringComparison.Ordinal)).ToArray();
            Assert.All(at, i => Assert.True(i >= 0));
            Assert.Equal(at.Order(), at);
            if (sample.NeedlePositions[0] > sample.NeedlePositions[1]) reversedDraws++;   // the first drawn value sits after the second
        }
        Assert.True(reversedDraws > 0, "no sample had its values drawn out of prompt order, so the ordering was not exercised");
    }

    static IEnumerable<TaskSample> Samples(ITaskGenerator generator) =>
        Lengths.SelectMany(length => Enumerable.Range(0, SamplesPerLength).Select(i =>
            generator.Generate(new SampleRequest(length, i, Seeds.Derive(3, generator.Name, length, i), Suite.DepthFor(i)))));

    static int Count(ReadOnlySpan<int> haystack, int[] sequence)
    {
        int count = 0;
        for (int i = 0; i + sequence.Length <= haystack.Length; i++)
            if (haystack[i..].StartsWith(sequence)) count++;
        return count;
    }

    sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x!.SequenceEqual(y!);
        public int GetHashCode(int[] sequence) => sequence.Aggregate(17, (hash, id) => hash * 31 + id);
    }

    sealed class RepeatedSource(int[] sentence, int count) : IHaystackSource
    {
        public IEnumerable<int[]> Sentences(ITokenizer tokenizer, Random random) => Enumerable.Repeat(sentence, count);
    }
}
