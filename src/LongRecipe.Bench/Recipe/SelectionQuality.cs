namespace LongRecipe.Bench.Recipe;

/// <summary>
/// How well a token mask (kept tokens, or impactful tokens) finds the tokens that truly need long context.
/// Counted over token indices 1..n−1 — index 0 has no context, so no selector and no ground truth can speak about it.
/// Counts add up across documents (micro-average); a ratio with nothing to divide by is NaN.
/// </summary>
public sealed record SelectionQuality(int TruePositives, int Predicted, int Relevant)
{
    public double Precision => Predicted == 0 ? double.NaN : (double)TruePositives / Predicted;
    public double Recall => Relevant == 0 ? double.NaN : (double)TruePositives / Relevant;

    public static SelectionQuality Empty { get; } = new(0, 0, 0);

    public static SelectionQuality Of(bool[] predicted, bool[] groundTruth)
    {
        if (predicted.Length != groundTruth.Length)
            throw new ArgumentException($"mask has {predicted.Length} tokens, ground truth {groundTruth.Length}", nameof(groundTruth));
        int truePositives = 0, predictedCount = 0, relevant = 0;
        for (int i = 1; i < predicted.Length; i++)
        {
            if (predicted[i]) predictedCount++;
            if (groundTruth[i]) relevant++;
            if (predicted[i] && groundTruth[i]) truePositives++;
        }
        return new SelectionQuality(truePositives, predictedCount, relevant);
    }

    public static SelectionQuality operator +(SelectionQuality a, SelectionQuality b) =>
        new(a.TruePositives + b.TruePositives, a.Predicted + b.Predicted, a.Relevant + b.Relevant);
}
