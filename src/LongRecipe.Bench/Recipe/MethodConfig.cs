using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Recipe;

/// <summary>
/// A context-extension method as data: an ordered list of stages applied to the base model (suites/methods/*.yaml).
/// The stage executor reads stage types and kinds only; it never looks at <see cref="Name"/>.
/// </summary>
public sealed record MethodConfig(string Name, string? Description, IReadOnlyList<StageConfig> Stages)
{
    /// <summary>The methods whose models this one's logit-shift stages score text with (they must be trained first).</summary>
    public IEnumerable<string> ScoringReferences =>
        Stages.OfType<TrainStageConfig>().Where(s => s.Select.Kind == SelectorKind.LogitShift).Select(s => s.Select.Reference);
}

/// <summary>One step of a method: a training run, a merge with the base model, or a RoPE rescaling.</summary>
public abstract record StageConfig;

/// <summary>
/// Train on blocks built by <see cref="Select"/> and positioned by <see cref="Positions"/>. <see cref="Settings"/> are the
/// method-level settings with this stage's overrides applied; fields still null are the profile's to fill.
/// <see cref="ReplayRatio"/> of the blocks (exactly, see <see cref="Replay"/>) are replay data with contiguous positions.
/// </summary>
public sealed record TrainStageConfig(
    SelectorConfig Select, PositionConfig Positions, double LearningRate, int Steps, LrScheduleKind LrSchedule, int WarmupSteps,
    double ReplayRatio, StageSettings Settings) : StageConfig;

/// <summary>θ = α·θ_trained + (1 − α)·θ_base for every parameter; <see cref="AlphaSweep"/> optionally evaluates other α too.</summary>
public sealed record MergeStageConfig(double Alpha, IReadOnlyList<double> AlphaSweep) : StageConfig;

/// <summary>Rescale RoPE without training; a null <see cref="Factor"/> means target length / base window.</summary>
public sealed record RopeScaleStageConfig(RopeScalingKind Kind, double? Factor) : StageConfig;

public enum RopeScalingKind { Linear, Ntk, Yarn }

public enum LrScheduleKind { Constant, Cosine }

/// <summary>
/// Settings shared by the stages of a method; a stage may override any of them. Null means "the profile decides".
/// At most one of <see cref="TrainingLength"/> (tokens) and <see cref="TrainingFraction"/> (of the target) is set;
/// with neither, blocks are as long as the base window (as in PoSE). <see cref="GradientCheckpointing"/> recomputes each
/// layer in the backward pass instead of keeping its activations (same gradients, less memory, about a third more compute);
/// <see cref="Autocast"/> "bf16" computes the projections in bfloat16 over float32 weights (Model/Autocast.cs).
/// </summary>
public sealed record StageSettings(
    int? TargetLength = null, int? TrainingLength = null, double? TrainingFraction = null, int? BatchSize = null,
    int? GradAccumulation = null, int? Seed = null, OptimizerConfig? Optimizer = null, bool? GradientCheckpointing = null, string? Autocast = null)
{
    /// <summary>These settings, with every null field taken from <paramref name="fallback"/>.</summary>
    public StageSettings Or(StageSettings fallback)
    {
        bool ownLength = TrainingLength is not null || TrainingFraction is not null;
        return new StageSettings(
            TargetLength ?? fallback.TargetLength,
            ownLength ? TrainingLength : fallback.TrainingLength,
            ownLength ? TrainingFraction : fallback.TrainingFraction,
            BatchSize ?? fallback.BatchSize, GradAccumulation ?? fallback.GradAccumulation, Seed ?? fallback.Seed,
            Optimizer ?? fallback.Optimizer, GradientCheckpointing ?? fallback.GradientCheckpointing, Autocast ?? fallback.Autocast);
    }

    /// <summary>The stage's target window (its own, else the run's) and block length.</summary>
    public (int Target, int Length) Resolve(int runTarget, int baseWindow)
    {
        int target = TargetLength ?? runTarget;
        return (target, ResolveTrainingLength(target, baseWindow));
    }

    /// <summary>Block length in tokens for a resolved target window and the base model's window.</summary>
    public int ResolveTrainingLength(int targetLength, int baseWindow)
    {
        int length = TrainingLength
            ?? (TrainingFraction is double fraction ? (int)Math.Round(fraction * targetLength, MidpointRounding.AwayFromZero) : baseWindow);
        if (length < 2 || length > targetLength)
            throw new ArgumentException($"training length {length} must lie in [2, target length {targetLength}]");
        return length;
    }
}

/// <summary>AdamW settings (the reference: betas 0.9/0.999, epsilon 1e-8, weight decay 0.1).</summary>
public sealed record OptimizerConfig(
    double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0.1, double? GradClip = 1.0);

public enum SelectorKind
{
    /// <summary>Every sentence of corpus documents.</summary>
    Whole,
    /// <summary>Digit sentences plus a random share of the rest (the reference code).</summary>
    Digits,
    /// <summary>Sentences holding top-shift tokens, filled to ratio × target (the paper).</summary>
    LogitShift,
    /// <summary>Random sentences to the same budget (the no-impactful-token ablation).</summary>
    RandomSentences,
    /// <summary>Random sentences, as many tokens as the digit rule keeps of the same (truncated) document: its matched ablation.</summary>
    RandomLikeDigits,
    /// <summary>Every sentence of the replay data instead of the corpus.</summary>
    Replay,
}

/// <summary>What the reference model's log-probability of a token is compared with in logit-shift selection.</summary>
public enum ShiftContrast
{
    /// <summary>The base model's, with the same full context (the paper): also flags tokens where the base breaks at unseen positions.</summary>
    BaseModel,
    /// <summary>The reference's own with its context cut to about one base window: asks only "does this token need far context?".</summary>
    ShortContext,
}

/// <summary>
/// Which data a training stage reads and which sentences it keeps. <see cref="Reference"/> names the method whose final
/// model scores documents for logit-shift selection (the long-context reference model; by default the full-sequence one),
/// against <see cref="Contrast"/>; its impactful sentences are kept <see cref="Upsample"/> times.
/// <see cref="TruncateToTrainingLength"/>: the digit selector (and its random match) first cuts each document to the training length, as the
/// reference code does; false selects from the whole target-length document.
/// </summary>
public sealed record SelectorConfig(
    SelectorKind Kind, double TopFraction = 0.2, double Ratio = 0.3, double KeepProbability = 0.5, string Reference = "full-sequence",
    bool TruncateToTrainingLength = true, ShiftContrast Contrast = ShiftContrast.BaseModel, int Upsample = 1)
{
    public bool ReadsReplayData => Kind == SelectorKind.Replay;

    /// <summary>Whole documents (PoSE, full-sequence) and the reference's digit selection keep only the training length of a document.</summary>
    public bool CutsToTrainingLength =>
        Kind == SelectorKind.Whole || (Kind is SelectorKind.Digits or SelectorKind.RandomLikeDigits && TruncateToTrainingLength);

    public ISentenceSelector CreateSelector(ITokenizer tokenizer, int targetLength, int trainingLength)
    {
        int budget = Math.Max(1, (int)Math.Round(Ratio * targetLength, MidpointRounding.AwayFromZero));
        return Kind switch
        {
            SelectorKind.Whole or SelectorKind.Replay => new KeepAllSentences(),
            SelectorKind.Digits => new DigitSentenceSelector(tokenizer, KeepProbability, TruncateToTrainingLength ? trainingLength : null),
            SelectorKind.LogitShift => new LogitShiftSelector(TopFraction, budget, Upsample),
            SelectorKind.RandomSentences => new RandomSentenceSelector(budget),
            SelectorKind.RandomLikeDigits => new MatchedRandomSelector(
                new DigitSentenceSelector(tokenizer, KeepProbability, TruncateToTrainingLength ? trainingLength : null)),
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown selector kind"),
        };
    }
}

public enum PositionKind { Contiguous, Pose, LongRecipe }

/// <summary>Where PoSE splits a block into its two chunks (see <see cref="PosePositions"/>).</summary>
public enum PoseSplit { Anywhere, FirstHalf }

/// <summary>Position scheme of a training stage; a null <see cref="BaseWindow"/> (PoSE) means the base model's window.</summary>
public sealed record PositionConfig(
    PositionKind Kind, LongRecipeVariant Variant = LongRecipeVariant.KeptBoundaries, int? BaseWindow = null, PoseSplit Split = PoseSplit.Anywhere)
{
    /// <summary>The literal reference assembly trains each shortened document alone, at its own length; every other scheme packs.</summary>
    public bool OneDocumentPerSample => Kind == PositionKind.LongRecipe && Variant == LongRecipeVariant.Literal;

    public IPositionScheme CreateScheme(int targetLength, int baseWindow) => Kind switch
    {
        PositionKind.Contiguous => new ContiguousPositions(),
        PositionKind.Pose => new PosePositions(targetLength, BaseWindow ?? baseWindow, Split),
        PositionKind.LongRecipe when Variant == LongRecipeVariant.Literal => new LiteralPositions(targetLength),
        PositionKind.LongRecipe => new PositionIndices(targetLength, Variant),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown position kind"),
    };
}
