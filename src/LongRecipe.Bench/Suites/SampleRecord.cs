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

/// <summary>
/// One row of a suite's summary CSV: a task (or "average") at one length; <see cref="Nulls"/> counts empty predictions.
/// <see cref="CiLow"/>..<see cref="CiHigh"/> is the 95% interval of a mean of sample scores (<see cref="Bootstrap"/>);
/// rows of other metrics (loss, acc) have none.
/// </summary>
public sealed record SummaryRow(string Task, int Length, string Metric, double Score, int N, int Nulls, double? CiLow = null, double? CiHigh = null);
