using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>The task families: YAML name → argument parser, and typed arguments → generator.</summary>
public static class RulerFamilies
{
    static readonly Dictionary<string, Func<ArgReader, ITaskArgs>> Parsers = new(StringComparer.Ordinal)
    {
        ["niah"] = NiahArgs.Parse,
        ["variable_tracking"] = VariableTrackingArgs.Parse,
        ["common_words"] = CommonWordsArgs.Parse,
        ["frequent_words"] = FrequentWordsArgs.Parse,
        ["qa"] = QaArgs.Parse,
    };

    public static IReadOnlyCollection<string> Names => Parsers.Keys;

    internal static ITaskArgs ParseArgs(string family, ArgReader args, string familyField) =>
        Parsers.TryGetValue(family, out var parse)
            ? parse(args)
            : throw new ConfigException(args.File, familyField, $"unknown family '{family}'; known: {string.Join(", ", Parsers.Keys)}");

    /// <summary>The generator for <paramref name="task"/>; <paramref name="essay"/> supplies essay haystacks (default: <see cref="GrammarEssayHaystack"/>;
    /// a suite's own is <see cref="RulerSuiteConfig.Essay"/>).</summary>
    public static ITaskGenerator Create(RulerTask task, ITokenizer tokenizer, IHaystackSource? essay = null) => task.Args switch
    {
        NiahArgs a => new Niah(task, a, tokenizer, essay ?? new GrammarEssayHaystack()),
        VariableTrackingArgs a => new VariableTracking(task, a, tokenizer),
        CommonWordsArgs a => new CommonWords(task, a, tokenizer),
        FrequentWordsArgs a => new FrequentWords(task, a, tokenizer),
        QaArgs a => new Qa(task, a, tokenizer),
        _ => throw new ArgumentException($"no generator for {task.Args.GetType().Name}", nameof(task)),
    };
}
