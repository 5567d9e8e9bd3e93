namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>Reads suites/ruler.yaml into a validated <see cref="RulerSuiteConfig"/>.</summary>
public static class RulerSuiteLoader
{
    public static RulerSuiteConfig Load(string path)
    {
        var yaml = YamlConfig.Load<RulerSuiteYaml>(path);
        if (yaml.Version is not > 0) throw new ConfigException(path, "version", "required, a positive integer");
        if (yaml.Lengths is not { Count: > 0 } lengths) throw new ConfigException(path, "lengths", "required, a non-empty list");
        if (lengths.Any(l => l <= 0)) throw new ConfigException(path, "lengths", "every length must be positive");
        if (yaml.Samples is not > 0) throw new ConfigException(path, "samples", "required, a positive integer");
        if (yaml.Tasks is not { Count: > 0 } entries) throw new ConfigException(path, "tasks", "required, a non-empty list");
        double threshold = yaml.EffectiveLengthThreshold
                           ?? throw new ConfigException(path, "effective_length_threshold", "required (score 0..100)");
        if (threshold is < 0 or > 100) throw new ConfigException(path, "effective_length_threshold", "must be in [0, 100]");

        var wordings = new Dictionary<string, Wording> { ["compact"] = Wording.Compact, ["ruler"] = Wording.Ruler };
        if (!wordings.TryGetValue(yaml.Wording ?? "compact", out var wording))
            throw new ConfigException(path, "wording", $"unknown wording '{yaml.Wording}'; known: {string.Join(", ", wordings.Keys)}");
        string? essay = yaml.Essay is null ? null : Path.GetFullPath(yaml.Essay, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
        if (essay is not null && !File.Exists(essay)) throw new ConfigException(path, "essay", $"no such file: {essay}");

        var tasks = new List<RulerTask>();
        for (int i = 0; i < entries.Count; i++)
        {
            var task = ParseTask(path, $"tasks[{i}]", entries[i]) with { Wording = wording };
            if (tasks.Any(t => t.Name == task.Name)) throw new ConfigException(path, $"tasks[{i}].name", $"duplicate task '{task.Name}'");
            tasks.Add(task);
        }
        return new RulerSuiteConfig(path, yaml.Version.Value, yaml.Seed ?? 42, lengths, yaml.Samples.Value, Depths(path, yaml), threshold, tasks)
        {
            EssayFile = essay,
        };
    }

    static IReadOnlyList<double> Depths(string path, RulerSuiteYaml yaml)
    {
        if (yaml.Depths is not null && yaml.DepthCount is not null)
            throw new ConfigException(path, "depth_count", "give either depths or depth_count, not both");
        if (yaml.Depths is { } depths)
        {
            if (depths.Count == 0 || depths.Any(d => d is < 0 or > 100)) throw new ConfigException(path, "depths", "a non-empty list of percents in [0, 100]");
            return depths;
        }
        int count = yaml.DepthCount ?? 11;
        if (count < 1) throw new ConfigException(path, "depth_count", "must be at least 1");
        // Evenly spaced percents from 0 to 100 inclusive (RULER uses 40 such points for its essay haystack).
        return count == 1 ? [50.0] : Enumerable.Range(0, count).Select(i => 100.0 * i / (count - 1)).ToArray();
    }

    static RulerTask ParseTask(string path, string field, TaskEntryYaml entry)
    {
        string name = entry.Name ?? throw new ConfigException(path, $"{field}.name", "required");
        string family = entry.Family ?? throw new ConfigException(path, $"{field}.family", "required");
        string metricName = entry.Metric ?? throw new ConfigException(path, $"{field}.metric", "required");
        if (!MetricNames.TryParse(metricName, out var metric))
            throw new ConfigException(path, $"{field}.metric", $"unknown metric '{metricName}'; known: {string.Join(", ", MetricNames.All)}");
        int generate = entry.TokensToGenerate ?? throw new ConfigException(path, $"{field}.tokens_to_generate", "required");
        if (generate < 1) throw new ConfigException(path, $"{field}.tokens_to_generate", "must be at least 1");
        var reader = new ArgReader(path, $"{field}.args", entry.Args);
        var args = RulerFamilies.ParseArgs(family, reader, $"{field}.family");
        reader.Finish();
        return new RulerTask(name, family, metric, generate, args);
    }
}

internal sealed class RulerSuiteYaml
{
    public int? Version { get; set; }
    public int? Seed { get; set; }
    public List<int>? Lengths { get; set; }
    public int? Samples { get; set; }
    public List<double>? Depths { get; set; }
    public int? DepthCount { get; set; }
    public double? EffectiveLengthThreshold { get; set; }
    public string? Wording { get; set; }
    public string? Essay { get; set; }
    public List<TaskEntryYaml>? Tasks { get; set; }
}
