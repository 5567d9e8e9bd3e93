namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>
/// The long-context suite: tasks, default lengths and sample count, needle depths (percent of the haystack), the seed
/// every sample seed derives from, the threshold that defines the effective length, and the essay haystack's source.
/// </summary>
public sealed record RulerSuiteConfig(
    string File,
    int Version,
    int Seed,
    IReadOnlyList<int> Lengths,
    int Samples,
    IReadOnlyList<double> DepthPercents,
    double EffectiveLengthThreshold,
    IReadOnlyList<RulerTask> Tasks)
{
    /// <summary>A text file whose sentences fill the "essay" haystack (<see cref="TextEssayHaystack"/>); null: <see cref="GrammarEssayHaystack"/>.</summary>
    public string? EssayFile { get; init; }

    /// <summary>The essay haystack this suite's tasks read.</summary>
    public IHaystackSource Essay() => EssayFile is null ? new GrammarEssayHaystack() : TextEssayHaystack.Load(File, EssayFile);

    /// <summary>The same suite restricted to <paramref name="names"/>; an unknown name is a config error.</summary>
    public RulerSuiteConfig Only(IEnumerable<string> names)
    {
        var selected = new List<RulerTask>();
        foreach (string name in names)
            selected.Add(Tasks.FirstOrDefault(t => t.Name == name)
                         ?? throw new ConfigException(File, "tasks", $"unknown task '{name}'; known: {string.Join(", ", Tasks.Select(t => t.Name))}"));
        return this with { Tasks = selected };
    }

    /// <summary>Depth (0..1) for sample <paramref name="index"/>: the depth list is cycled so depths are evenly covered.</summary>
    public double DepthFor(int index) => DepthPercents[index % DepthPercents.Count] / 100.0;
}
