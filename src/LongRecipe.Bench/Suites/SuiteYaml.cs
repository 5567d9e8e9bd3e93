namespace LongRecipe.Bench.Suites;

/// <summary>One entry of a suite's task list as written in YAML.</summary>
internal sealed class TaskEntryYaml
{
    public string? Name { get; set; }
    public string? Family { get; set; }
    public string? Metric { get; set; }
    public int? TokensToGenerate { get; set; }
    public Dictionary<string, string>? Args { get; set; }
}
