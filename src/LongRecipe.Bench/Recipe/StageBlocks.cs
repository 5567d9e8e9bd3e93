using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Evaluation;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Text;
using LongRecipe.Bench.Training;

namespace LongRecipe.Bench.Recipe;

/// <summary>A training stage's blocks, with what choosing them cost and how well the selection matched the ground truth.</summary>
public sealed record BuiltBlocks(List<TrainingBlock> Blocks, SelectionQuality? Selection, long ScoredTokens, double ScoringFlops, MethodResult? Reference);

/// <summary>
/// Turns a train stage's selector × position scheme into (tokens, position ids) blocks:
/// documents → sentences → selected (shortened) sequences → packed blocks of the training length → position ids.
/// </summary>
public static class StageBlocks
{
    /// <summary>The blocks of a method's train stage <paramref name="index"/>: its settings over the defaults, its seed from the stage's index.</summary>
    public static BuiltBlocks ForStage(TrainStageConfig stage, int index, ExtensionSetup setup)
    {
        var settings = stage.Settings.Or(setup.Defaults);
        return Build(stage, settings, setup, Seeds.Derive(settings.Seed ?? 0, "stage", index));
    }

    public static BuiltBlocks Build(TrainStageConfig stage, StageSettings settings, ExtensionSetup setup, int seed)
    {
        var (target, length) = settings.Resolve(setup.TargetLength, setup.BaseWindow);
        int needed = stage.Steps * (settings.BatchSize ?? 1) * (settings.GradAccumulation ?? 1);
        var random = new Random(seed);
        var scheme = stage.Positions.CreateScheme(target, setup.BaseWindow);
        var selector = stage.Select.CreateSelector(setup.Tokenizer, target, length);

        var reference = stage.Select.Kind == SelectorKind.LogitShift ? ReferenceFor(stage, setup) : null;
        var scoring = new ScoringTally(setup.Evaluator);
        SelectionQuality? quality = stage.Select.Kind is SelectorKind.Whole or SelectorKind.Replay ? null : SelectionQuality.Empty;

        // Every extension stage reads the same document stream (one seed) at the length it consumes: selectors shorten
        // target-length documents; stages that would cut a document to the training length read documents generated at
        // that length instead (a head cut of a synthetic document drops a task instance's question and answer, which end
        // it; a cut of natural text is just shorter text). Replay reads the base model's own short-window distribution.
        int documentLength = DocumentLength(stage.Select, length, target, setup.BaseWindow);
        IEnumerable<ShortenedSequence> Sequences()
        {
            int emptyRun = 0;
            var text = stage.Select.ReadsReplayData ? setup.ReplayText : setup.Corpus;
            foreach (var document in text.Documents(int.MaxValue, documentLength, DocumentSeed(stage.Select, seed)))
            {
                // Never a silent endless loop: a selector that keeps nothing can never fill a block.
                if (++emptyRun > EmptyDocumentsAllowed)
                    throw new InvalidOperationException($"the {stage.Select.Kind} selector kept no token of {EmptyDocumentsAllowed:N0} documents in a row");
                var logProbs = reference is null ? null : scoring.Score(setup.Base, reference.Final, document.Tokens, stage.Select.Contrast, setup.BaseWindow);
                var source = SourceDocument.Split(document.Tokens, setup.Tokenizer, logProbs);
                var shortened = selector.Select(source, random);
                shortened = Weighted(shortened, document, setup);
                if (quality is not null) quality += SelectionQuality.Of(shortened.KeptMask(document.Length), document.NeedsContextBeyond(setup.BaseWindow), document.EvidenceIndex);
                if (shortened.Tokens.Length > 0) emptyRun = 0;
                yield return shortened;
            }
        }

        var samples = stage.Positions.OneDocumentPerSample ? Sequences().Where(s => s.Tokens.Length > 1).Select(PackedBlock.Single) : PackedBlock.Pack(Sequences(), length);
        var extension = samples.Take(needed)
            .Select(block => new TrainingBlock(block.Tokens, scheme.Positions(block, random)) { LossWeights = block.LossWeights }).ToList();
        var blocks = stage.ReplayRatio > 0 ? MixReplay(extension, stage.ReplayRatio, length, setup, seed, random) : extension;
        return new BuiltBlocks(blocks, quality, scoring.Tokens, scoring.Flops, reference);
    }

    const int EmptyDocumentsAllowed = 1000;

    /// <summary>
    /// The stage's document stream. A logit-shift stage reads its own stream, not the one every other stage reads at its
    /// seed: its reference model was trained on that one, and scoring documents it trained on would flag memorised tokens.
    /// </summary>
    internal static int DocumentSeed(SelectorConfig select, int seed) =>
        select.Kind == SelectorKind.LogitShift ? Seeds.Derive(seed, "documents", "unseen-by", select.Reference) : Seeds.Derive(seed, "documents");

    static ShortenedSequence Weighted(ShortenedSequence sequence, Document source, ExtensionSetup setup) =>
        setup.RecallWeight == 1 ? sequence : sequence.WithRecallWeights(source, setup.RecallWeight);

    static int DocumentLength(SelectorConfig select, int trainingLength, int target, int baseWindow) =>
        select.ReadsReplayData ? baseWindow : select.CutsToTrainingLength ? trainingLength : target;

    /// <summary>
    /// Tokens a rule-based selector keeps of the first <paramref name="documents"/> documents it would read: run before any
    /// work, so a rule that can keep nothing here (a digit rule on text without digits) is refused at once. Logit-shift
    /// selection needs trained models and is not probed.
    /// </summary>
    public static long ProbeKeptTokens(TrainStageConfig stage, StageSettings settings, ITokenizer tokenizer, IDocumentSource corpus,
        int baseWindow, int targetLength, int documents = 20)
    {
        var (target, length) = settings.Resolve(targetLength, baseWindow);
        var selector = stage.Select.CreateSelector(tokenizer, target, length);
        var random = new Random(0);
        return corpus.Documents(documents, DocumentLength(stage.Select, length, target, baseWindow), seed: 0)
            .Sum(d => (long)selector.Select(SourceDocument.Split(d.Tokens, tokenizer), random).Tokens.Length);
    }

    static MethodResult ReferenceFor(TrainStageConfig stage, ExtensionSetup setup) =>
        setup.Completed.TryGetValue(stage.Select.Reference, out var reference) ? reference
            : throw new InvalidOperationException(
                $"logit-shift selection needs the reference method '{stage.Select.Reference}' to run earlier in the same bench (list it before this method)");

    /// <summary>Replay blocks (short-window pretraining data, ordinary positions) mixed in at an exact ratio.</summary>
    static List<TrainingBlock> MixReplay(List<TrainingBlock> extension, double ratio, int length, ExtensionSetup setup, int seed, Random random)
    {
        int replayCount = Replay.ReplayCount(extension.Count, ratio);
        var replay = PackedBlock.Pack(setup.ReplayText.Documents(int.MaxValue, setup.BaseWindow, Seeds.Derive(seed, "replay"))
                .Select(d => Weighted(new KeepAllSentences().Select(SourceDocument.Split(d.Tokens, setup.Tokenizer), random), d, setup)), length)
            .Take(Math.Max(1, replayCount))
            .Select(b => new TrainingBlock(b.Tokens, ContiguousPositions.Range(b.Length)) { LossWeights = b.LossWeights }).ToList();
        return [.. Replay.Mix(extension, replay, ratio, extension.Count, random)];
    }

    /// <summary>Per-token log-probabilities under the reference and what it is contrasted with, with the forward FLOPs that cost.</summary>
    sealed class ScoringTally(Func<Llama, int, IEvaluator> evaluator)
    {
        public long Tokens { get; private set; }
        public double Flops { get; private set; }

        public TokenLogProbs Score(Llama baseModel, Llama reference, int[] tokens, ShiftContrast contrast, int baseWindow)
        {
            Tokens += tokens.Length;
            Flops += Forward(reference, tokens.Length);
            if (contrast == ShiftContrast.BaseModel)
            {
                Flops += Forward(baseModel, tokens.Length);
                return new TokenLogProbs(LogProbs(baseModel, tokens), LogProbs(reference, tokens));
            }
            var (shortContext, windows) = ImpactfulTokens.ShortContextLogProbs(evaluator(reference, baseWindow), tokens, baseWindow);
            Flops += windows.Sum(length => Forward(reference, length));
            return new TokenLogProbs(shortContext, LogProbs(reference, tokens));
        }

        static double Forward(Llama model, long tokens) => Training.Flops.Forward(model.Config, model.MatmulParameterCount(), tokens);

        /// <summary>Index i holds log p(token i | tokens before i); index 0 has no context (NaN).</summary>
        float[] LogProbs(Llama model, int[] tokens) => [float.NaN, .. evaluator(model, tokens.Length).NextTokenLogProbs([tokens])[0]];
    }
}
