using System.Globalization;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>Chains × hops assignments, the value's digit count, and whether a worked one-shot example precedes the prompt.</summary>
public sealed record VariableTrackingArgs(int Chains, int Hops, int ValueDigits, bool Example, int ExampleNoiseSentences) : ITaskArgs
{
    internal static VariableTrackingArgs Parse(ArgReader args) => new(
        args.Int("chains", 1, 1, 8), args.Int("hops", 4, 1, 16), args.Int("value_digits", 5, 1, 9),
        args.Bool("example", true), args.Int("example_noise_sentences", 0, 0, 1000));
}

/// <summary>
/// RULER's variable tracking: "var a = 12345." then "var b = var a." … hidden (in order) in the noise haystack; the
/// question gives the value and asks for every variable holding it. In the compact wording variable names are lexicon
/// nouns (RULER's five random capitals, "VAR QXKRB", cannot be spelled by a closed vocabulary); in RULER's wording they
/// are RULER's. The one-shot example uses other names and another value.
/// </summary>
public sealed class VariableTracking(RulerTask task, VariableTrackingArgs args, ITokenizer tokenizer) : ITaskGenerator
{
    readonly IHaystackSource _noise = new NoiseHaystack(task.Wording);
    readonly bool _ruler = task.Wording == Wording.Ruler;

    public string Name => task.Name;
    public int TokensToGenerate => task.TokensToGenerate;
    public Metric Metric => task.Metric;

    public TaskSample Generate(SampleRequest request)
    {
        var random = new Random(request.Seed);
        int variables = args.Hops + 1;
        var names = Names(random, variables * args.Chains * (args.Example ? 2 : 1));
        var usedValues = new HashSet<string>(StringComparer.Ordinal);
        var chains = Enumerable.Range(0, args.Chains)
            .Select(c => (Names: names.Skip(c * variables).Take(variables).ToArray(), Value: DrawValue(random, usedValues))).ToArray();
        var (queryNames, queryValue) = chains[0];

        int[] example = args.Example ? Example(random, names[(variables * args.Chains)..(variables * args.Chains + variables)], usedValues) : [];
        int[] prefix = [.. example, .. tokenizer.Encode(Header)];
        int[] suffix = tokenizer.Encode("\n" + Question(queryValue, variables));
        var statements = chains.Select(c => Statements(c.Names, c.Value)).ToArray();

        int budget = request.Length - task.TokensToGenerate;
        int fillerTokens = budget - prefix.Length - suffix.Length - statements.Sum(s => s.Sum(t => t.Length));
        var fill = HaystackFill.Take(_noise.Sentences(tokenizer, random), fillerTokens, task.Name, request.Length);

        // Each chain's statements go to sorted random boundaries, so they stay in order (RULER inserts them the same way).
        var inserts = new List<(int, int[])>();
        foreach (var chain in statements)
        {
            var boundaries = chain.Select(_ => random.Next(fill.UnitCount + 1)).Order().ToArray();
            inserts.AddRange(chain.Select((s, i) => (boundaries[i], s)));
        }
        var prompt = new PromptBuilder();
        prompt.Append(prefix);
        int haystackStart = prompt.Count;
        int[] starts = fill.AppendTo(prompt, inserts);
        int haystackLength = prompt.Count - haystackStart;
        prompt.Append(suffix);

        var references = queryNames.Select(n => TaskText.Canonical(tokenizer, n)).ToArray();
        return new TaskSample(task.Name, request.Length, request.Index, request.Seed, null, prompt.ToArray(), references,
            TaskText.Answer(task.Metric, references), task.TokensToGenerate,
            starts[..variables], haystackStart, haystackLength);
    }

    // Compact: RULER's wording, shortened so the noise keeps most of a 128-token prompt. RULER's answer prefix ends in
    // "they are: " (a trailing space); it is left out here so the model's first token carries its own space.
    string Header => _ruler ? "Memorize and track the chain(s) of variable assignment hidden in the following text.\n\n"
        : "Track the variable assignments hidden in the following text.\n";

    string Question(string value, int variables) => _ruler
        ? $"Question: Find all variables that are assigned the value {value} in the text above. Answer: According to the chain(s) of variable assignment in the text above, {variables} variables are assigned the value {value}, they are:"
        : $"Question: which variables are assigned the value {value}? Answer: the {variables} variables assigned the value {value} are:";

    string Var => _ruler ? "VAR" : "var";

    int[][] Statements(string[] names, string value) =>
        names.Select((name, i) => tokenizer.Encode(i == 0 ? $" {Var} {name} = {value}." : $" {Var} {name} = {Var} {names[i - 1]}.")).ToArray();

    /// <summary>Distinct variable names: lexicon nouns, or RULER's five random capitals.</summary>
    string[] Names(Random random, int count) =>
        _ruler ? TaskText.RandomLetterStrings(random, count, 5, 'A') : TaskText.Sample(random, Lexicon.Nouns, count);

    /// <summary>A solved example: header, one chain among a few noise sentences, question and its answer.</summary>
    int[] Example(Random random, string[] names, HashSet<string> usedValues)
    {
        string value = DrawValue(random, usedValues);
        var noise = _noise.Sentences(tokenizer, random).Take(args.ExampleNoiseSentences).ToList();
        var statements = Statements(names, value);
        var prompt = new PromptBuilder();
        prompt.Append(tokenizer.Encode(Header));
        int step = Math.Max(1, noise.Count / statements.Length);
        for (int i = 0, s = 0; i < noise.Count || s < statements.Length; i++)
        {
            if (s < statements.Length && (i % step == 0 || i >= noise.Count)) prompt.Append(statements[s++]);
            if (i < noise.Count) prompt.Append(noise[i]);
        }
        prompt.Append(tokenizer.Encode("\n" + Question(value, names.Length) + " " + TaskText.Answer(task.Metric, names) + "\n"));
        return prompt.ToArray();
    }

    string DrawValue(Random random, HashSet<string> used)
    {
        int low = (int)Math.Pow(10, args.ValueDigits - 1), high = (int)Math.Pow(10, args.ValueDigits);
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            string value = random.Next(low, high).ToString(CultureInfo.InvariantCulture);
            if (used.Add(value)) return value;
        }
        throw new InvalidOperationException("could not draw a distinct chain value");
    }
}
