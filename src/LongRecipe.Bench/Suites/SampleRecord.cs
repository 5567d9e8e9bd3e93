namespace LongRecipe.Bench.Suites;

/// <summary>One scored sample as written to samples.jsonl. Score is 0..100 (RULER's scale), so task score = mean of these.</summary>
public sealed record SampleRecord(
    string Task,
    int Length,
    double? Depth,
    int Index,
    int Seed,
    string PromptHash,
    int PromptTokens,
    string Prediction,
    IReadOnlyList<string> References,
    double Score);

/// <summary>One row of summary.csv: a task (or "average") at one length; <see cref="Nulls"/> counts empty predictions.</summary>
public sealed record SummaryRow(string Task, int Length, string Metric, double Score, int N, int Nulls);
