using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Tests.Suites;

namespace LongRecipe.Bench.Tests.Runs;

public sealed class LossByLengthTests
{
    /// <summary>
    /// 512-token documents of distinct tokens, where token 300 copies token 290 (distance 10), 400 copies 200 (200) and
    /// 500 copies 100 (400); when labelled, the last is a copy and the others key-value recalls.
    /// </summary>
    sealed class PlantedCopies(bool labelled = false) : IDocumentSource
    {
        public static readonly (int At, int From)[] Copies = [(300, 290), (400, 200), (500, 100)];

        public Document Generate(int length, Random random)
        {
            var tokens = Enumerable.Range(10, length).ToArray();
            var evidence = Enumerable.Repeat(-1, length).ToArray();
            foreach (var (at, from) in Copies.Where(c => c.At < length))
            {
                tokens[at] = tokens[from];
                evidence[at] = from;
            }
            return new Document(tokens, evidence) { Kinds = labelled ? [.. evidence.Select((e, i) => e < 0 ? DependencyKind.None : i == 500 ? DependencyKind.Copy : DependencyKind.KeyValue)] : null };
        }
    }

    [Fact]
    public void Recalled_tokens_are_averaged_in_the_bucket_of_their_evidence_distance()
    {
        // The fake model's loss on predicting token t is t / 100 nats, so each bucket's mean is known exactly.
        var evaluator = new FakeEvaluator(512, _ => [], nextTokenLogProbs: tokens => [.. Enumerable.Range(1, tokens.Length - 1).Select(t => -t / 100f)]);

        var losses = LossByLength.Measure("m", evaluator, new PlantedCopies(), window: 128, lengths: [512], documents: 2, seed: 1);

        Assert.Equal([(0, 128, 3.0, 2), (128, 256, 4.0, 2), (256, 512, 5.0, 2)],
            losses.Distances.Select(d => (d.MinDistance, d.MaxDistance, Math.Round(d.Loss, 5), d.Tokens)));
        var row = Assert.Single(losses.Rows);
        Assert.Equal((4.5, 4), (Math.Round(row.LongRangeLoss, 5), row.LongRangeTokens));   // distances 200 and 400 lie beyond one window
        Assert.Equal(2, losses.Documents.Count);
        Assert.All(losses.Distances, d => Assert.Equal(DistanceLoss.AllKinds, d.Kind));   // unlabelled documents: no per-kind rows
    }

    [Fact]
    public void Labelled_documents_add_rows_per_dependency_kind_beside_all()
    {
        var evaluator = new FakeEvaluator(512, _ => [], nextTokenLogProbs: tokens => [.. Enumerable.Range(1, tokens.Length - 1).Select(t => -t / 100f)]);

        var losses = LossByLength.Measure("m", evaluator, new PlantedCopies(labelled: true), window: 128, lengths: [512], documents: 2, seed: 1);

        Assert.Equal(["all", "copy", "key-value"], losses.Distances.Select(d => d.Kind).Distinct());
        (double? Loss, int Tokens)[] Of(string kind) =>
            [.. losses.Distances.Where(d => d.Kind == kind).Select(d => (double.IsNaN(d.Loss) ? (double?)null : Math.Round(d.Loss, 5), d.Tokens))];
        Assert.Equal([(null, 0), (null, 0), (5.0, 2)], Of("copy"));         // 500 ← 100: distance 400
        Assert.Equal([(3.0, 2), (4.0, 2), (null, 0)], Of("key-value"));     // 300 ← 290 and 400 ← 200
    }

    [Fact]
    public void A_distance_table_written_before_the_kind_column_reads_as_kind_all()
    {
        using var folder = new TempFolder();
        string path = folder.File("loss_by_distance.csv");
        File.WriteAllText(path, "method,length,min_distance,max_distance,loss,tokens\nbase,256,128,256,3.5,34\n");

        var row = Assert.Single(LongRecipe.Bench.Results.CsvRecords.Read<DistanceLoss>(path));

        Assert.Equal(new DistanceLoss("base", 256, DistanceLoss.AllKinds, 128, 256, 3.5, 34), row);
    }
}
