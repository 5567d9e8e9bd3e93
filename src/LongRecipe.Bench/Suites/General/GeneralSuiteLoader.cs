namespace LongRecipe.Bench.Suites.General;

/// <summary>Reads suites/general.yaml into a validated <see cref="GeneralSuiteConfig"/>.</summary>
public static class GeneralSuiteLoader
{
    static readonly HashSet<string> Generative = new(StringComparer.Ordinal) { "retrieval", "copying", "assignment_chain" };

    public static GeneralSuiteConfig Load(string path)
    {
        var yaml = YamlConfig.Load<GeneralSuiteYaml>(path);
        if (yaml.Version is not > 0) throw new ConfigException(path, "version", "required, a positive integer");
        if (yaml.Samples is not > 0) throw new ConfigException(path, "samples", "required, a positive integer");
        if (yaml.Tasks is not { Count: > 0 } entries) throw new ConfigException(path, "tasks", "required, a non-empty list");
        var tasks = new List<GeneralTask>();
        for (int i = 0; i < entries.Count; i++)
        {
            var task = ParseTask(path, $"tasks[{i}]", entries[i]);
            if (tasks.Any(t => t.Name == task.Name)) throw new ConfigException(path, $"tasks[{i}].name", $"duplicate task '{task.Name}'");
            tasks.Add(task);
        }
        return new GeneralSuiteConfig(path, yaml.Version.Value, yaml.Seed ?? 1234, yaml.Samples.Value, tasks);
    }

    static GeneralTask ParseTask(string path, string field, TaskEntryYaml entry)
    {
        string name = entry.Name ?? throw new ConfigException(path, $"{field}.name", "required");
        string family = entry.Family ?? throw new ConfigException(path, $"{field}.family", "required");
        var args = new ArgReader(path, $"{field}.args", entry.Args);
        IGeneralArgs parsed = family switch
        {
            "heldout_loss" => new HeldOutLossArgs(),
            "retrieval" => new RetrievalArgs(args.Int("pairs", 8, 1, Text.Lexicon.Nouns.Length)),
            "copying" => new CopyingArgs(args.Int("words", 12, 1, 200)),
            "assignment_chain" => ParseChain(args),
            "multiple_choice" => ParseChoices(args),
            _ => throw new ConfigException(path, $"{field}.family",
                $"unknown family '{family}'; known: heldout_loss, retrieval, copying, assignment_chain, multiple_choice"),
        };
        args.Finish();

        if (!Generative.Contains(family))
        {
            if (entry.Metric is not null) throw new ConfigException(path, $"{field}.metric", $"not used by family '{family}'");
            if (entry.TokensToGenerate is not null) throw new ConfigException(path, $"{field}.tokens_to_generate", $"not used by family '{family}'");
            return new GeneralTask(name, family, null, 0, parsed);
        }
        string metricName = entry.Metric ?? throw new ConfigException(path, $"{field}.metric", "required");
        if (!MetricNames.TryParse(metricName, out var metric))
            throw new ConfigException(path, $"{field}.metric", $"unknown metric '{metricName}'; known: {string.Join(", ", MetricNames.All)}");
        int generate = entry.TokensToGenerate ?? throw new ConfigException(path, $"{field}.tokens_to_generate", "required");
        if (generate < 1) throw new ConfigException(path, $"{field}.tokens_to_generate", "must be at least 1");
        return new GeneralTask(name, family, metric, generate, parsed);
    }

    static AssignmentChainArgs ParseChain(ArgReader args)
    {
        var chain = new AssignmentChainArgs(args.Int("hops", 3, 1, 20), args.Int("distractor_chains", 2, 0, 20));
        if ((chain.Hops + 1) * (chain.DistractorChains + 1) > Text.Lexicon.Nouns.Length)
            throw args.Bad("hops", $"(hops + 1) × (distractor_chains + 1) variables exceed the {Text.Lexicon.Nouns.Length} nouns available as names");
        return chain;
    }

    static MultipleChoiceArgs ParseChoices(ArgReader args)
    {
        var source = args.Choice("dataset", ChoiceSource.Synthetic,
            new Dictionary<string, ChoiceSource> { ["synthetic"] = ChoiceSource.Synthetic, ["jsonl"] = ChoiceSource.Jsonl });
        int count = args.Int("count", 100, 1, 100_000);
        string? path = args.Text("path");
        if (source == ChoiceSource.Jsonl && path is null) throw args.Bad("path", "required when dataset is jsonl");
        if (source == ChoiceSource.Synthetic && path is not null) throw args.Bad("path", "only used with dataset: jsonl");
        string? resolved = path is null ? null : Path.GetFullPath(path, Path.GetDirectoryName(Path.GetFullPath(args.File)) ?? ".");
        return new MultipleChoiceArgs(source, count, resolved);
    }
}

internal sealed class GeneralSuiteYaml
{
    public int? Version { get; set; }
    public int? Seed { get; set; }
    public int? Samples { get; set; }
    public List<TaskEntryYaml>? Tasks { get; set; }
}
