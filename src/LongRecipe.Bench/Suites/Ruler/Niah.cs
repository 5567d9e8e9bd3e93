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
/// other needles at random boundaries. As in RULER, asking q keys forces at least q keys to exist.
/// </summary>
public sealed class Niah(RulerTask task, NiahArgs args, ITokenizer tokenizer, IHaystackSource essay) : ITaskGenerator
{
    readonly IHaystackSource _noise = new NoiseHaystack();

    public string Name => task.Name;
    public int TokensToGenerate => task.TokensToGenerate;
    public Metric Metric => task.Metric;
    public bool UsesDepth => true;

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

        bool single = args.Queries * args.Values == 1;
        string type = single ? ValueKinds.Singular(args.Value) : ValueKinds.Plural(args.Value);
        string query = TaskText.JoinAnd(queried.Select(k => keys[k]).ToArray());
        var (be, them) = single ? ("is", "it") : ("are", "them");
        int[] prefix = tokenizer.Encode(
            $"{(single ? "A" : "Some")} special magic {type} {be} hidden in the following text. Memorize {them}: there is a question about {them} after the text.\n");
        int[] suffix = tokenizer.Encode(
            $"\nWhat {be} {(single ? "" : "all ")}the special magic {type} for {query} mentioned in the text above? "
            + $"The special magic {type} for {query} mentioned in the text above {be}:");

        // Answer needles first (the first one goes to the requested depth), then the other keys' needles.
        var answerNeedles = queried.SelectMany(k => values[k].Select(v => Needle(keys[k], v))).ToList();
        var otherNeedles = Enumerable.Range(0, keyCount).Except(queried).SelectMany(k => values[k].Select(v => Needle(keys[k], v))).ToList();
        var needles = answerNeedles.Concat(otherNeedles).ToList();

        int budget = request.Length - task.TokensToGenerate;
        int fillerTokens = budget - prefix.Length - suffix.Length - needles.Sum(n => n.Length);
        var fill = HaystackFill.Take(Filler(random, usedKeys), fillerTokens, task.Name, request.Length);
        var inserts = needles.Select((needle, i) =>
            (i == 0 ? fill.BoundaryAtDepth(request.Depth) : random.Next(fill.UnitCount + 1), needle)).ToList();

        var prompt = new PromptBuilder();
        prompt.Append(prefix);
        int haystackStart = prompt.Count;
        int[] starts = fill.AppendTo(prompt, inserts);
        int haystackLength = prompt.Count - haystackStart;
        prompt.Append(suffix);

        var references = queried.SelectMany(k => values[k]).Select(v => TaskText.Canonical(tokenizer, v)).ToArray();
        return new TaskSample(task.Name, request.Length, request.Index, request.Seed, request.Depth, prompt.ToArray(), references,
            task.TokensToGenerate, starts[..answerNeedles.Count], haystackStart, haystackLength);
    }

    int[] Needle(string key, string value) =>
        tokenizer.Encode($" One of the special magic {ValueKinds.Plural(args.Value)} for {key} is: {value}.");

    IEnumerable<int[]> Filler(Random random, HashSet<string> realKeys) => args.Haystack switch
    {
        HaystackKind.Noise => _noise.Sentences(tokenizer, random),
        HaystackKind.Essay => essay.Sentences(tokenizer, random),
        _ => Distractors(random, realKeys),
    };

    /// <summary>Endless distractor needles with fresh keys (never a real key) and random values.</summary>
    IEnumerable<int[]> Distractors(Random random, HashSet<string> realKeys)
    {
        while (true)
        {
            string key = ValueKinds.Draw(args.Key, random);
            if (realKeys.Contains(key)) continue;
            yield return Needle(key, ValueKinds.Draw(args.Value, random));
        }
    }
}
