using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Tests.Model;
using LongRecipe.Bench.Tests.Suites;
using LongRecipe.Bench.Text;
using LongRecipe.Bench.Training;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Recipe;

public sealed class StageBlocksTests
{
    static readonly WordTokenizer Tokenizer = new();

    static TrainStageConfig Stage(string yaml) =>
        (TrainStageConfig)MethodConfigLoader.Parse($"name: m\nstages:\n  - train: {yaml}", "m.yaml").Stages[0];

    static (List<TrainingBlock> Blocks, BuiltBlocks Built) Build(string yaml, int target = 512, int window = 64, float recallWeight = 1)
    {
        TorchRuntime.Configure(1);
        var model = TorchRuntime.NewModel(LlamaTests.Small with { VocabSize = Tokenizer.VocabSize }, 1, CPU);
        var setup = new ExtensionSetup(model, Tokenizer, new SyntheticCorpus(Tokenizer), window, target,
            new StageSettings(TargetLength: target, BatchSize: 2, Seed: 9), new Dictionary<string, MethodResult>(), recallWeight);
        var stage = Stage(yaml);
        var built = StageBlocks.Build(stage, stage.Settings.Or(setup.Defaults), setup, seed: 5);
        return (built.Blocks, built);
    }

    [Fact]
    public void LongRecipe_blocks_are_thirty_percent_long_and_spread_over_the_target_window()
    {
        var (blocks, built) = Build("{select: {kind: digits}, positions: {kind: longrecipe}, lr: 1.0e-3, steps: 20, training_fraction: 0.3}");
        Assert.Equal(40, blocks.Count);
        Assert.All(blocks, b => Assert.Equal(154, b.Tokens.Length));
        Assert.All(blocks, b => Assert.Equal(0, b.PositionIds[0]));
        Assert.All(blocks, b => Assert.Equal(511, b.PositionIds[^1]));
        Assert.All(blocks, b => Assert.True(b.PositionIds.Zip(b.PositionIds.Skip(1)).All(p => p.First < p.Second)));
        Assert.NotNull(built.Selection);
        Assert.Equal(0, built.ScoringFlops);
    }

    [Fact]
    public void Pose_blocks_reach_past_the_base_window_and_full_sequence_blocks_are_contiguous()
    {
        var (pose, _) = Build("{select: {kind: whole}, positions: {kind: pose}, lr: 1.0e-3, steps: 10, training_fraction: 0.3}");
        Assert.All(pose, b => Assert.InRange(b.PositionIds[^1], 64, 511));
        var (full, built) = Build("{select: {kind: whole}, positions: {kind: contiguous}, lr: 1.0e-3, steps: 3, training_fraction: 1.0}");
        Assert.All(full, b => Assert.Equal(Enumerable.Range(0, 512).Select(i => (long)i), b.PositionIds));
        Assert.Null(built.Selection);
    }

    [Fact]
    public void Truncating_stages_read_whole_documents_of_their_training_length_from_the_stream_full_sequence_reads()
    {
        var (full, _) = Build("{select: {kind: whole}, positions: {kind: contiguous}, lr: 1.0e-3, steps: 4, training_fraction: 1.0}");
        var (pose, _) = Build("{select: {kind: whole}, positions: {kind: pose}, lr: 1.0e-3, steps: 4, training_fraction: 0.3}");
        Assert.Equal(full.Count, pose.Count);
        var corpus = new SyntheticCorpus(Tokenizer);
        var stream = Seeds.Derive(5, "documents");
        Assert.Equal(corpus.Documents(8, 512, stream).Select(d => d.Tokens), full.Select(b => b.Tokens));
        Assert.Equal(corpus.Documents(8, 154, stream).Select(d => d.Tokens), pose.Select(b => b.Tokens));
    }

    [Fact]
    public void Literal_samples_are_single_shortened_documents_of_varying_length_below_the_training_length()
    {
        var (blocks, built) = Build("{select: {kind: digits}, positions: {kind: longrecipe, variant: literal}, lr: 1.0e-3, steps: 10, training_fraction: 0.3, batch_size: 1, grad_accumulation: 4}");
        Assert.Equal(40, blocks.Count);
        Assert.All(blocks, b => Assert.InRange(b.Tokens.Length, 2, 154));
        Assert.True(blocks.Select(b => b.Tokens.Length).Distinct().Count() > 5);
        Assert.InRange(blocks.Average(b => b.Tokens.Length), 0.4 * 154, 0.85 * 154);   // digit sentences + half the rest
        Assert.All(blocks, b => Assert.Equal(b.Tokens.Length, b.PositionIds.Length));
        Assert.True(blocks.Average(b => b.PositionIds[^1]) < 0.85 * 511);   // the window end is rarely trained
        Assert.NotNull(built.Selection);
    }

    [Fact]
    public void Replay_mixed_into_an_extension_stage_takes_exactly_its_share_with_ordinary_positions()
    {
        var (blocks, _) = Build("{select: {kind: digits}, positions: {kind: longrecipe}, lr: 1.0e-3, steps: 25, training_fraction: 0.3, replay_ratio: 0.2}");
        Assert.Equal(50, blocks.Count);
        var contiguous = blocks.Count(b => b.PositionIds[^1] == b.Tokens.Length - 1);
        Assert.Equal(10, contiguous);
    }

    [Fact]
    public void A_recall_weight_reaches_every_block_replay_included_and_weighs_the_corpus_annotated_recall()
    {
        const string Stage = "{select: {kind: digits}, positions: {kind: longrecipe}, lr: 1.0e-3, steps: 25, training_fraction: 0.3, replay_ratio: 0.2}";
        var (plain, _) = Build(Stage);
        var (weighted, _) = Build(Stage, recallWeight: 5);

        Assert.All(plain, b => Assert.Null(b.LossWeights));
        Assert.Equal(plain.Select(b => b.Tokens), weighted.Select(b => b.Tokens));   // weighting changes no data
        Assert.All(weighted, b => Assert.All(b.LossWeights!, w => Assert.Contains(w, new[] { 1f, 5f })));
        double recallShare = weighted.Average(b => b.LossWeights!.Count(w => w == 5) / (double)b.Tokens.Length);
        Assert.InRange(recallShare, 0.01, 0.5);
    }

    [Fact]
    public void Digit_selection_over_target_length_documents_trains_on_a_larger_share_of_long_range_tokens_than_after_truncation()
    {
        var (_, truncated) = Build("{select: {kind: digits}, positions: {kind: longrecipe}, lr: 1.0e-3, steps: 10, training_fraction: 0.3}");
        var (_, whole) = Build("{select: {kind: digits, truncate_to_training_length: false}, positions: {kind: longrecipe}, lr: 1.0e-3, steps: 10, training_fraction: 0.3}");
        Assert.True(whole.Selection!.Precision > 1.2 * truncated.Selection!.Precision, $"{whole.Selection.Precision} vs {truncated.Selection.Precision}");
    }

    [Theory]
    [InlineData("base-model")]
    [InlineData("short-context")]
    public void A_logit_shift_stage_scores_documents_through_the_evaluator_seam_and_keeps_what_the_reference_predicts_better(string contrast)
    {
        TorchRuntime.Configure(1);
        using var baseModel = TorchRuntime.NewModel(LlamaTests.Small with { VocabSize = Tokenizer.VocabSize }, 1, CPU);
        using var reference = TorchRuntime.NewModel(LlamaTests.Small with { VocabSize = Tokenizer.VocabSize }, 2, CPU);
        var completed = new Dictionary<string, MethodResult> { ["ref"] = new("ref", [("ref", reference)], [], [], null) };
        var corpus = new SyntheticCorpus(Tokenizer);
        var stage = Stage($"{{select: {{kind: logit-shift, top_fraction: 0.2, ratio: 0.3, reference: ref, contrast: {contrast}}}, positions: {{kind: longrecipe}}, lr: 1.0e-3, steps: 4, training_fraction: 0.3}}");
        int seed = Seeds.Derive(5, "stage", 0);
        var scoredBy = new Dictionary<Llama, long> { [baseModel] = 0, [reference] = 0 };
        int longestShortContext = 0;
        // No forward pass: the reference is sure of exactly the tokens that need context beyond the base window when it
        // sees the whole document, and of none given a window (or when it is the base). The planted ground truth is looked
        // up by the document's tokens, from the stream the stage reads.
        var planted = new Dictionary<string, bool[]>();
        foreach (int length in (int[])[154, 512])
            foreach (var d in corpus.Documents(200, length, StageBlocks.DocumentSeed(stage.Select, seed)))
                planted[string.Join(',', d.Tokens)] = d.NeedsContextBeyond(64);
        var setup = new ExtensionSetup(baseModel, Tokenizer, corpus, 64, 512, new StageSettings(TargetLength: 512, BatchSize: 2, Seed: 9), completed)
        {
            Evaluator = (model, maxLength) => new FakeEvaluator(maxLength, _ => [], nextTokenLogProbs: tokens =>
            {
                scoredBy[model] += tokens.Length;
                bool whole = planted.TryGetValue(string.Join(',', tokens), out var needs);
                if (!whole) longestShortContext = Math.Max(longestShortContext, tokens.Length);
                return [.. Enumerable.Range(1, tokens.Length - 1).Select(i => whole && ReferenceEquals(model, reference) && needs![i] ? -0.1f : -4f)];
            }),
        };

        var built = StageBlocks.Build(stage, stage.Settings.Or(setup.Defaults), setup, seed);

        Assert.True(built.Selection!.Recall > 0.9, $"recall {built.Selection.Recall}");
        Assert.True(built.ScoringFlops > 0);
        if (contrast == "base-model")
            Assert.Equal((built.ScoredTokens, built.ScoredTokens, 0), (scoredBy[baseModel], scoredBy[reference], longestShortContext));   // each document once under each model
        else
        {
            Assert.Equal(0, scoredBy[baseModel]);
            Assert.Equal(64, longestShortContext);   // the reference's short context is one base window
            Assert.InRange(scoredBy[reference], 2 * built.ScoredTokens, 4 * built.ScoredTokens);   // whole, then windows every half window
        }
    }

    [Theory]
    [InlineData(5, 8)]
    [InlineData(8, 8)]
    [InlineData(9, 8)]
    [InlineData(100, 8)]
    [InlineData(513, 64)]
    [InlineData(1024, 128)]
    public void Short_context_scoring_gives_every_token_between_half_a_window_and_a_window_of_context(int length, int window)
    {
        // The fake's log-probability of a token is minus the context it was given, so each entry reads back that context.
        var evaluator = new FakeEvaluator(length, _ => [], nextTokenLogProbs: tokens => [.. Enumerable.Range(1, tokens.Length - 1).Select(i => -(float)i)]);

        var (logProbs, windows) = ImpactfulTokens.ShortContextLogProbs(evaluator, [.. Enumerable.Range(0, length)], window);

        Assert.True(float.IsNaN(logProbs[0]));
        for (int i = 1; i < length; i++)
        {
            int context = (int)-logProbs[i];
            if (i < window) Assert.Equal(i, context);   // inside the first window: all of it
            else Assert.InRange(context, window / 2, window);
        }
        Assert.All(windows, w => Assert.Equal(Math.Min(length, window), w));
        Assert.InRange(windows.Sum(), length, Math.Max(window, 2 * length + window));
    }

    [Fact]
    public void Logit_shift_selection_recovers_the_planted_dependency_tokens()
    {
        var document = new SyntheticCorpus(Tokenizer).Generate(1024, new Random(3));
        var planted = document.NeedsContextBeyond(0);
        var noise = new Random(4);
        var baseLogProbs = document.Tokens.Select(_ => -3f - (float)noise.NextDouble()).ToArray();
        // A reference model that has learned the long-range facts: much surer of exactly the planted tokens.
        var referenceLogProbs = baseLogProbs.Select((p, i) => planted[i] ? p + 2.5f : p + 0.1f * (float)noise.NextDouble()).ToArray();
        baseLogProbs[0] = referenceLogProbs[0] = float.NaN;
        var source = SourceDocument.Split(document.Tokens, Tokenizer, new TokenLogProbs(baseLogProbs, referenceLogProbs));
        double share = (double)planted.Count(p => p) / (document.Length - 1);

        var kept = new LogitShiftSelector(share, budget: 307).Select(source, new Random(5));
        var quality = SelectionQuality.Of(kept.KeptMask(document.Length), planted);
        Assert.Equal(1.0, quality.Recall);
        Assert.True(quality.Precision > 2 * share, $"precision {quality.Precision} vs base rate {share}");
        Assert.InRange(kept.Tokens.Length, 280, 307);
    }
}
