namespace LongRecipe.Bench.Recipe;

/// <summary>
/// How well a token mask (kept tokens, or impactful tokens) finds the tokens that truly need long context.
/// Counted over token indices 1..n−1 — index 0 has no context, so no selector and no ground truth can speak about it.
/// Counts add up across documents (micro-average); a ratio with nothing to divide by is NaN.
/// <see cref="EvidenceKept"/> counts the kept long-range tokens whose evidence token was kept from the same document too:
/// a dependent token selected without what it depends on teaches nothing.
/// </summary>
public sealed record SelectionQuality(int TruePositives, int Predicted, int Relevant, int EvidenceKept = 0)
{
    public double Precision => Predicted == 0 ? double.NaN : (double)TruePositives / Predicted;
    public double Recall => Relevant == 0 ? double.NaN : (double)TruePositives / Relevant;
    /// <summary>Of the kept tokens that need long context, the share whose evidence was kept with them.</summary>
    public double EvidenceRetained => TruePositives == 0 ? double.NaN : (double)EvidenceKept / TruePositives;

    public static SelectionQuality Empty { get; } = new(0, 0, 0);

    /// <param name="evidenceIndex">Per token, the index of the token it copies (-1 for none), as <c>Document.EvidenceIndex</c>.</param>
    public static SelectionQuality Of(bool[] predicted, bool[] groundTruth, int[]? evidenceIndex = null)
    {
        if (predicted.Length != groundTruth.Length)
            throw new ArgumentException($"mask has {predicted.Length} tokens, ground truth {groundTruth.Length}", nameof(groundTruth));
        int truePositives = 0, predictedCount = 0, relevant = 0, evidenceKept = 0;
        for (int i = 1; i < predicted.Length; i++)
        {
            if (predicted[i]) predictedCount++;
            if (groundTruth[i]) relevant++;
            if (!predicted[i] || !groundTruth[i]) continue;
            truePositives++;
            if (evidenceIndex is not null && evidenceIndex[i] >= 0 && predicted[evidenceIndex[i]]) evidenceKept++;
        }
        return new SelectionQuality(truePositives, predictedCount, relevant, evidenceKept);
    }

    public static SelectionQuality operator +(SelectionQuality a, SelectionQuality b) =>
        new(a.TruePositives + b.TruePositives, a.Predicted + b.Predicted, a.Relevant + b.Relevant, a.EvidenceKept + b.EvidenceKept);
}
