namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>Marker for a family's typed arguments, parsed and validated when the suite is loaded.</summary>
public interface ITaskArgs;

/// <summary>A named variant of a task family (one <c>tasks:</c> entry of ruler.yaml).</summary>
public sealed record RulerTask(string Name, string Family, Metric Metric, int TokensToGenerate, ITaskArgs Args);
