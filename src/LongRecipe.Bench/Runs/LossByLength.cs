using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Evaluation;

namespace LongRecipe.Bench.Runs;

/// <summary>
/// Held-out loss of one model at one evaluation length. <see cref="LongRangeLoss"/> averages only the tokens whose
/// evidence lies more than one base window back — the tokens a short-context model cannot predict.
/// <see cref="EvidenceLoss"/> averages every token with annotated evidence at any distance and <see cref="OtherLoss"/> the
/// rest: a model that uses what it has seen predicts the first far better than the second.
/// </summary>
public sealed record LossAtLength(string Method, int Length, double WindowMultiple, double Loss, double Perplexity, double LongRangeLoss,
    int LongRangeTokens, double EvidenceLoss, int EvidenceTokens, double OtherLoss, int Documents);

/// <summary>One held-out document's mean next-token loss (a row of loss_by_document.csv): the gate's paired unit.</summary>
public sealed record DocumentLoss(string Method, int Length, int Document, double Loss, int Tokens);

/// <summary>
/// Held-out loss on the tokens of one dependency <see cref="Kind"/> (<see cref="AllKinds"/>, or a
/// <see cref="DependencyKinds.Name"/>) whose evidence lies (<see cref="MinDistance"/>, <see cref="MaxDistance"/>] tokens back
/// (a row of loss_by_distance.csv): buckets double from one base window, so a reader sees at which distance, and on which
/// kind of dependency, a method stops recalling.
/// </summary>
public sealed record DistanceLoss(string Method, int Length, string Kind, int MinDistance, int MaxDistance, double Loss, int Tokens)
{
    public const string AllKinds = "all";

    /// <summary>A row of a run written before the <c>kind</c> column existed (its rows are every kind's).</summary>
    public DistanceLoss(string Method, int Length, int MinDistance, int MaxDistance, double Loss, int Tokens)
        : this(Method, Length, AllKinds, MinDistance, MaxDistance, Loss, Tokens) { }
}

/// <summary>What one model's held-out measurement writes: per length, per document, per evidence distance.</summary>
public sealed record HeldOutLosses(List<LossAtLength> Rows, List<DocumentLoss> Documents, List<DistanceLoss> Distances);

/// <summary>
/// Mean next-token loss on held-out synthetic documents at several lengths: a model that only works inside its window
/// shows the loss climbing past it, which is the problem context extension solves.
/// </summary>
public static class LossByLength
{
    /// <summary>Held-out documents come from their own seed stream, never overlapping the training documents.</summary>
    public static int HeldOutSeed(int seed, int length) => Seeds.Derive(seed, "held-out", length);

    public static HeldOutLosses Measure(string method, IEvaluator evaluator,
        IDocumentSource corpus, int window, IEnumerable<int> lengths, int documents, int seed)
    {
        var rows = new List<LossAtLength>();
        var perDocument = new List<DocumentLoss>();
        var perDistance = new List<DistanceLoss>();
        foreach (int length in lengths)
        {
            var held = corpus.Documents(documents, length, HeldOutSeed(seed, length)).ToList();
            var logProbs = evaluator.NextTokenLogProbs(held.Select(d => d.Tokens).ToList());
            double total = 0, longRange = 0, evidence = 0;
            int counted = 0, longRangeCount = 0, evidenceCount = 0;
            var buckets = DistanceBuckets(window, length);
            // Loss sums and token counts per kind name ("all", then the kinds the documents label, by name) and bucket.
            var byKind = new SortedDictionary<string, (double[] Sum, int[] Count)>(StringComparer.Ordinal);
            void AddToBucket(string kind, int bucket, double loss)
            {
                if (!byKind.TryGetValue(kind, out var sums)) byKind[kind] = sums = (new double[buckets.Count], new int[buckets.Count]);
                sums.Sum[bucket] += loss;
                sums.Count[bucket]++;
            }
            byKind[DistanceLoss.AllKinds] = (new double[buckets.Count], new int[buckets.Count]);
            for (int d = 0; d < held.Count; d++)
            {
                var needsContext = held[d].NeedsContextBeyond(window);
                double documentTotal = 0;
                for (int t = 1; t < held[d].Length; t++)
                {
                    double loss = -logProbs[d][t - 1];   // predicting token t
                    total += loss;
                    documentTotal += loss;
                    counted++;
                    if (needsContext[t]) { longRange += loss; longRangeCount++; }
                    if (held[d].EvidenceIndex[t] < 0) continue;
                    evidence += loss;
                    evidenceCount++;
                    int bucket = buckets.FindIndex(b => t - held[d].EvidenceIndex[t] <= b.Max);
                    AddToBucket(DistanceLoss.AllKinds, bucket, loss);
                    if (held[d].Kinds?[t] is { } kind and not DependencyKind.None) AddToBucket(kind.Name(), bucket, loss);
                }
                perDocument.Add(new DocumentLoss(method, length, d, documentTotal / (held[d].Length - 1), held[d].Length - 1));
            }
            double mean = total / counted;
            rows.Add(new LossAtLength(method, length, (double)length / window, mean, Math.Exp(mean),
                MeanOrNaN(longRange, longRangeCount), longRangeCount, MeanOrNaN(evidence, evidenceCount), evidenceCount,
                MeanOrNaN(total - evidence, counted - evidenceCount), documents));
            foreach (var (kind, (sum, count)) in byKind)
                perDistance.AddRange(buckets.Select((b, i) => new DistanceLoss(method, length, kind, b.Min, b.Max, MeanOrNaN(sum[i], count[i]), count[i])));
        }
        return new HeldOutLosses(rows, perDocument, perDistance);
    }

    /// <summary>(0, w], (w, 2w], (2w, 4w], … until the bucket holding distance length − 1.</summary>
    public static List<(int Min, int Max)> DistanceBuckets(int window, int length)
    {
        var buckets = new List<(int Min, int Max)> { (0, window) };
        while (buckets[^1].Max < length - 1) buckets.Add((buckets[^1].Max, buckets[^1].Max * 2));
        return buckets;
    }

    static double MeanOrNaN(double sum, int count) => count > 0 ? sum / count : double.NaN;
}
