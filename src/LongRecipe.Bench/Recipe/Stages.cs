using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Evaluation;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Text;
using LongRecipe.Bench.Training;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Recipe;

/// <summary>
/// What every method starts from and the defaults its stages fall back to. <see cref="RecallWeight"/> is the corpus's loss
/// weighting, the same for every method: the weight of tokens that recall earlier context (1: a plain mean).
/// <see cref="Evaluator"/> runs a model over text for stages that score it (logit-shift selection), through the same
/// seam the suites use, so a test can hand in a fake. <see cref="ReplayText"/> is what replay reads (the run's own replay
/// data when it has a file of it).
/// </summary>
public sealed record ExtensionSetup(
    Llama? BaseModel, ITokenizer Tokenizer, IDocumentSource Corpus, int BaseWindow, int TargetLength, StageSettings Defaults,
    IReadOnlyDictionary<string, MethodResult> Completed, float RecallWeight = 1)
{
    public Func<Llama, int, IEvaluator> Evaluator { get; init; } = (model, maxLength) => new TorchEvaluator(model, maxLength);

    public IDocumentSource ReplayText { get; init; } = Corpus;

    /// <summary>The base model; a setup without one only prepares samples (`export` of a checkpoint base, which it never reads).</summary>
    public Llama Base => BaseModel ?? throw new InvalidOperationException("this setup prepares samples only: no base model was loaded");
}

/// <summary>Cost of one stage. FLOPs are analytic (forward + backward for training, forward only for token scoring).</summary>
public sealed record StageResources(string Method, int Stage, string Kind, int Steps, int SequenceLength, long Tokens, double Flops,
    double WallSeconds, long PeakRssBytes, double FirstLoss, double FinalLoss);

/// <summary>One optimizer step of one stage, for training curves.</summary>
public sealed record CurvePoint(string Method, int Stage, int Step, double Loss, double LearningRate, long Tokens, double Flops);

/// <summary>
/// A method's models (one per merge α when a sweep is asked for; the first is the method's own), costs and selection
/// quality. A model is null once released: it is then read back from where it was stored, one at a time, when evaluated.
/// </summary>
public sealed record MethodResult(string Method, IReadOnlyList<(string Variant, Llama? Model)> Models, IReadOnlyList<StageResources> Stages,
    IReadOnlyList<CurvePoint> Curve, SelectionQuality? Selection)
{
    public Llama Final => Models[0].Model ?? throw new InvalidOperationException($"{Method}'s model was released; read it from the run folder");

    /// <summary>This result with its models disposed (their memory freed) and left out.</summary>
    public MethodResult Released()
    {
        foreach (var (_, model) in Models) model?.Dispose();
        return this with { Models = [.. Models.Select(m => (m.Variant, (Llama?)null))] };
    }

    public double TotalFlops => Stages.Sum(s => s.Flops);
    /// <summary>Tokens trained on (a reference model's included); tokens only scored by forward passes are not.</summary>
    public long TotalTokens => Stages.Where(s => s.Kind != TokenScoring).Sum(s => s.Tokens);

    public const string TokenScoring = "token-scoring";
}

/// <summary>
/// Applies a method's stages in order to a copy of the base model. Stages are read by kind only — the executor never
/// looks at the method's name — so LongRecipe, its ablations and every baseline are configuration.
/// </summary>
public static class Stages
{
    public static MethodResult Apply(MethodConfig method, ExtensionSetup setup, Action<string>? progress = null, Action<StepProgress>? onStep = null)
    {
        var model = setup.Base.Copy(dtype: TrainingDType(method, setup.Defaults, setup.Base.EmbeddingDType));
        var resources = new List<StageResources>();
        var curve = new List<CurvePoint>();
        SelectionQuality? selection = null;
        var variants = new List<(string Name, Llama? Model)>();
        for (int index = 0; index < method.Stages.Count; index++)
        {
            using var meter = new ResourceMeter();
            switch (method.Stages[index])
            {
                case TrainStageConfig train:
                    var settings = train.Settings.Or(setup.Defaults);
                    var blocks = StageBlocks.ForStage(train, index, setup);
                    if (blocks.Reference is { } reference)
                        resources.AddRange(reference.Stages.Select(s => s with { Method = method.Name, Stage = index, Kind = $"reference:{s.Method}/{s.Kind}" }));
                    if (blocks.ScoringFlops > 0)
                        resources.Add(new StageResources(method.Name, index, MethodResult.TokenScoring, 0, setup.TargetLength, blocks.ScoredTokens,
                            blocks.ScoringFlops, 0, 0, double.NaN, double.NaN));
                    if (blocks.Selection is not null) selection = (selection ?? SelectionQuality.Empty) + blocks.Selection;
                    progress?.Invoke($"{method.Name}: stage {index} trains {blocks.Blocks.Count} blocks of {blocks.Blocks[0].Tokens.Length} tokens");
                    string stage = $"{method.Name} stage {index}";
                    List<StepMetrics> history;
                    try
                    {
                        history = Trainer.Train(model, blocks.Blocks, TrainerSettings(train, settings),
                            step => onStep?.Invoke(new StepProgress(stage, step.Step + 1, train.Steps, step.Loss)));
                    }
                    catch (TrainingDivergedException e) { throw new TrainingDivergedException(e.Step, e.Loss, stage); }
                    curve.AddRange(history.Select(h => new CurvePoint(method.Name, index, h.Step, h.Loss, h.LearningRate, h.Tokens, h.Flops)));
                    var use = meter.Stop();
                    resources.Add(new StageResources(method.Name, index, "train", history.Count, history[0].SequenceLength, history.Sum(h => h.Tokens),
                        history.Sum(h => h.Flops), use.WallSeconds, use.PeakRssBytes, history[0].Loss, history[^1].Loss));
                    break;
                case MergeStageConfig merge:
                    foreach (double alpha in merge.AlphaSweep.Where(a => a != merge.Alpha))
                        variants.Add(($"{method.Name}@alpha={alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}", Merge.Interpolate(model, setup.Base, alpha)));
                    var merged = Merge.Interpolate(model, setup.Base, merge.Alpha);
                    model.Dispose();
                    model = merged;
                    resources.Add(Untrained(method.Name, index, "merge", meter));
                    break;
                case RopeScaleStageConfig rope:
                    double factor = rope.Factor ?? (double)setup.TargetLength / setup.BaseWindow;
                    var scaled = RopeScale.Apply(model, rope.Kind, factor, setup.BaseWindow);
                    model.Dispose();
                    model = scaled;
                    resources.Add(Untrained(method.Name, index, "rope-scale", meter));
                    break;
                default:
                    throw new NotSupportedException($"stage type {method.Stages[index].GetType().Name}");
            }
        }
        variants.Insert(0, (method.Name, model));
        // A base widened for training goes back to its own dtype, so a method is stored and scored as its base is.
        var baseDType = setup.Base.EmbeddingDType;
        var models = variants.Select(v => (v.Name, v.Model is { } m && m.EmbeddingDType != baseDType ? Narrowed(m, baseDType) : v.Model)).ToList();
        return new MethodResult(method.Name, models, resources, curve, selection);
    }

    static Llama Narrowed(Llama model, ScalarType dtype)
    {
        using (model) return model.Copy(dtype: dtype);
    }

    static StageResources Untrained(string method, int index, string kind, ResourceMeter meter)
    {
        var use = meter.Stop();
        return new StageResources(method, index, kind, 0, 0, 0, 0, use.WallSeconds, use.PeakRssBytes, double.NaN, double.NaN);
    }

    /// <summary>
    /// The dtype a method trains its copy of the base in: a narrower base (a bf16 checkpoint) is widened to float32 when a
    /// stage trains under autocast, which needs float32 weights for the optimizer to update (as Hugging Face's Trainer
    /// with bf16 loads float32 weights); otherwise the base's own. The result goes back to the base's dtype.
    /// </summary>
    public static ScalarType TrainingDType(MethodConfig method, StageSettings defaults, ScalarType baseDType) =>
        baseDType != ScalarType.Float32 && method.Stages.OfType<TrainStageConfig>().Any(t => Autocast.DType(t.Settings.Or(defaults).Autocast) is not null)
            ? ScalarType.Float32 : baseDType;

    /// <summary>What the trainer is told for a train stage: its steps and optimiser over the profile's defaults.</summary>
    public static TrainingSettings TrainerSettings(TrainStageConfig train, StageSettings settings)
    {
        var o = settings.Optimizer ?? new OptimizerConfig();
        return new TrainingSettings
        {
            Steps = train.Steps, BatchSize = settings.BatchSize ?? 1, Accumulation = settings.GradAccumulation ?? 1, Seed = settings.Seed ?? 0,
            GradientCheckpointing = settings.GradientCheckpointing ?? false,
            Autocast = settings.Autocast is "none" ? null : settings.Autocast,
            Optimizer = new OptimizerSettings
            {
                LearningRate = train.LearningRate, Beta1 = o.Beta1, Beta2 = o.Beta2, Epsilon = o.Epsilon, WeightDecay = o.WeightDecay,
                ClipNorm = o.GradClip ?? 0, WarmupSteps = train.WarmupSteps, Schedule = train.LrSchedule.ToString().ToLowerInvariant(),
            },
        };
    }
}
