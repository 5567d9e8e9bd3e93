namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>Marker for a family's typed arguments, parsed and validated when the suite is loaded.</summary>
public interface ITaskArgs;

/// <summary>
/// The words around the haystacks. <see cref="Compact"/>: RULER's parts in fewer words of the synthetic lexicon, so every
/// task keeps a haystack at a 128-token window (the tiny profile's). <see cref="Ruler"/>: RULER's own English templates
/// (scripts/data/synthetic/constants.py), for models with their own tokenizer. Each family holds both in its file.
/// </summary>
public enum Wording { Compact, Ruler }

/// <summary>A named variant of a task family (one <c>tasks:</c> entry of ruler.yaml), in its suite's wording.</summary>
public sealed record RulerTask(string Name, string Family, Metric Metric, int TokensToGenerate, ITaskArgs Args, Wording Wording = Wording.Compact);
