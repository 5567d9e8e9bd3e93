namespace LongRecipe.Bench.Suites.General;

/// <summary>Marker for a general family's typed arguments.</summary>
public interface IGeneralArgs;

/// <summary>A general-suite entry. Metric and generation budget only apply to generative (short-context) tasks.</summary>
public sealed record GeneralTask(string Name, string Family, Metric? Metric, int TokensToGenerate, IGeneralArgs Args);

/// <summary>The general suite: held-out loss, short generative tasks inside the base window, and multiple choice.</summary>
public sealed record GeneralSuiteConfig(string File, int Version, int Seed, int Samples, IReadOnlyList<GeneralTask> Tasks);

public sealed record HeldOutLossArgs : IGeneralArgs;

public sealed record RetrievalArgs(int Pairs) : IGeneralArgs;

public sealed record CopyingArgs(int Words) : IGeneralArgs;

public sealed record AssignmentChainArgs(int Hops, int DistractorChains) : IGeneralArgs;

public enum ChoiceSource { Synthetic, Jsonl }

/// <summary>Synthetic items (count) or an MMLU-style JSONL file (path, resolved against the suite file's folder).</summary>
public sealed record MultipleChoiceArgs(ChoiceSource Source, int Count, string? Path) : IGeneralArgs;
