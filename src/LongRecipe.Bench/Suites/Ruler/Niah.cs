using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

public enum HaystackKind { Noise, Essay, Needle }

/// <summary>Needle-in-a-haystack arguments: haystack kind, key/value kinds, and keys × values needles of which queries keys are asked.</summary>
public sealed record NiahArgs(HaystackKind Haystack, ValueKind Key, ValueKind Value, int Keys, int Values, int Queries) : ITaskArgs
{
    internal static NiahArgs Parse(ArgReader args)
    {
        var haystacks = new Dictionary<string, HaystackKind>
        {
            ["noise"] = HaystackKind.Noise, ["essay"] = HaystackKind.Essay, ["needle"] = HaystackKind.Needle,
        };
        return new NiahArgs(
            args.Choice("haystack", HaystackKind.Essay, haystacks),
            args.Choice("key", ValueKind.Words, ValueKinds.ByName),
            args.Choice("value", ValueKind.Numbers, ValueKinds.ByName),
            args.Int("keys", 1, 1, 64), args.Int("values", 1, 1, 64), args.Int("queries", 1, 1, 64));
    }
}

/// <summary>
/// RULER's NIAH family: needles "one of the special magic {values} for {key} is: {value}." hidden in noise, essay
/// sentences, or a haystack made entirely of distractor needles. The first answer needle sits at the requested depth;
/// other needles at random boundaries. As in RULER, asking q keys forces at least q keys to exist. The template keeps
/// RULER's parts (announcement, needles, question, answer prefix) in few words so the haystack survives at 128 tokens.
/// Filler never names a real key: distractor needles draw other keys and values, and essay sentences that happen to
/// say a key's words in order ("the red farmer" for red-farmer) are skipped.
/// </summary>
public sealed class Niah(RulerTask task, NiahArgs args, ITokenizer tokenizer, IHaystackSource essay) : ITaskGenerator
{
    readonly IHaystackSource _noise = new NoiseHaystack(task.Wording);

    public string Name => task.Name;
    public int TokensToGenerate => task.TokensToGenerate;
    public Metric Metric => task.Metric;

    public TaskSample Generate(SampleRequest request)
    {
        var random = new Random(request.Seed);
        int keyCount = Math.Max(args.Keys, args.Queries);
        var usedKeys = new HashSet<string>(StringComparer.Ordinal);
        var usedValues = new HashSet<string>(StringComparer.Ordinal);
        var keys = Enumerable.Range(0, keyCount).Select(_ => ValueKinds.DrawDistinct(args.Key, random, usedKeys)).ToArray();
        var values = keys.Select(_ => Enumerable.Range(0, args.Values).Select(_ => ValueKinds.DrawDistinct(args.Value, random, usedValues)).ToArray()).ToArray();
        var queried = Enumerable.Range(0, keyCount).ToArray();
        random.Shuffle(queried);
        queried = queried[..args.Queries];

        var (intro, question) = Wording(args.Queries * args.Values == 1, TaskText.JoinAnd(queried.Select(k => keys[k]).ToArray()));
        int[] prefix = tokenizer.Encode(intro + "\n");
        int[] suffix = tokenizer.Encode("\n" + question);

        // Answer needles first (the first one goes to the requested depth), then the other keys' needles.
        var answerNeedles = queried.SelectMany(k => values[k].Select(v => Needle(keys[k], v))).ToList();
        var otherNeedles = Enumerable.Range(0, keyCount).Except(queried).SelectMany(k => values[k].Select(v => Needle(keys[k], v))).ToList();
        var needles = answerNeedles.Concat(otherNeedles).ToList();

        int budget = request.Length - task.TokensToGenerate;
        int fillerTokens = budget - prefix.Length - suffix.Length - needles.Sum(n => n.Length);
        var fill = HaystackFill.Take(Filler(random, usedKeys, usedValues), fillerTokens, task.Name, request.Length);
        var inserts = needles.Select((needle, i) =>
            (i == 0 ? fill.BoundaryAtDepth(request.Depth) : random.Next(fill.UnitCount + 1), needle)).ToList();

        var prompt = new PromptBuilder();
        prompt.Append(prefix);
        int haystackStart = prompt.Count;
        int[] starts = fill.AppendTo(prompt, inserts);
        int haystackLength = prompt.Count - haystackStart;
        prompt.Append(suffix);

        // In query order; one key's values in the order they appear, so the canonical answer (what training instances
        // teach) follows a rule a reader can see: the first such needle, then the next. Scoring ignores the order.
        var references = queried.SelectMany((k, q) => values[k].Select((v, i) => (Value: v, Start: starts[q * args.Values + i])).OrderBy(n => n.Start))
            .Select(n => TaskText.Canonical(tokenizer, n.Value)).ToArray();
        return new TaskSample(task.Name, request.Length, request.Index, request.Seed, request.Depth, prompt.ToArray(), references,
            TaskText.Answer(task.Metric, references), task.TokensToGenerate, starts[..answerNeedles.Count], haystackStart, haystackLength);
    }

    /// <summary>The text before the haystack and the question after it, ending in the answer prefix.</summary>
    (string Intro, string Question) Wording(bool single, string query)
    {
        string plural = ValueKinds.Plural(args.Value), type = single ? ValueKinds.Singular(args.Value) : plural;
        string be = single ? "is" : "are";
        return task.Wording switch
        {
            Ruler.Wording.Ruler => single
                ? ($"A special magic {type} is hidden within the following text. Make sure to memorize it. I will quiz you about the {type} afterwards.",
                    $"What is the special magic {type} for {query} mentioned in the provided text? The special magic {type} for {query} mentioned in the provided text is")
                : ($"Some special magic {type} are hidden within the following text. Make sure to memorize it. I will quiz you about the {type} afterwards.",
                    $"What are all the special magic {type} for {query} mentioned in the provided text? The special magic {type} for {query} mentioned in the provided text are"),
            _ => ($"Some special magic {plural} are hidden in the following text.",
                $"What {be} {(single ? "" : "all ")}the special magic {type} for {query}? The special magic {type} for {query} {be}:"),
        };
    }

    int[] Needle(string key, string value) =>
        tokenizer.Encode($" One of the special magic {ValueKinds.Plural(args.Value)} for {key} is: {value}.");

    IEnumerable<int[]> Filler(Random random, HashSet<string> realKeys, HashSet<string> realValues) => args.Haystack switch
    {
        HaystackKind.Noise => _noise.Sentences(tokenizer, random),
        HaystackKind.Essay => WithoutKeyWords(essay.Sentences(tokenizer, random), realKeys),
        _ => Distractors(random, realKeys, realValues),
    };

    /// <summary>Endless distractor needles whose keys and values are never a real one.</summary>
    IEnumerable<int[]> Distractors(Random random, HashSet<string> realKeys, HashSet<string> realValues)
    {
        while (true)
        {
            string key = ValueKinds.Draw(args.Key, random), value = ValueKinds.Draw(args.Value, random);
            if (realKeys.Contains(key) || realValues.Contains(value)) continue;
            yield return Needle(key, value);
        }
    }

    /// <summary>Sentences that do not contain any real key's words in order ("red-farmer" read as " red farmer").</summary>
    IEnumerable<int[]> WithoutKeyWords(IEnumerable<int[]> sentences, HashSet<string> realKeys)
    {
        var keyWords = realKeys.Select(k => tokenizer.Encode(" " + k.Replace('-', ' '))).ToList();
        return sentences.Where(s => !keyWords.Any(words => s.AsSpan().IndexOf(words) >= 0));
    }
}
