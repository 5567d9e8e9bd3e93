using System.Globalization;
using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Training;

namespace LongRecipe.Bench.Runs;

/// <summary>
/// Everything one `bench` run needs, from suites/profiles/*.yaml: the model shape, how the base model is pretrained,
/// the window it is extended to, and what is evaluated. Loading validates every field and names the bad one.
/// </summary>
public sealed class Profile
{
    public string Name { get; set; } = "";
    public int Seed { get; set; } = 1234;
    /// <summary>
    /// How many seeds a `bench` of this profile runs: its <see cref="Seed"/>, then <see cref="LongRecipe.Bench.Seeds.Replicates"/>, each a run of
    /// its own under the run's seeds/ folder; the report gives each score's mean and t interval over them.
    /// </summary>
    public int Seeds { get; set; } = 1;
    public string Device { get; set; } = "cpu";
    public int Threads { get; set; } = TorchRuntime.DefaultThreads;
    public ModelShape Model { get; set; } = new();
    public CorpusSettings Corpus { get; set; } = new();
    public BasePretraining Base { get; set; } = new();
    /// <summary>The user's text a run with base.checkpoint trains on; absent (the tiny scale): the synthetic text.</summary>
    public DataFiles? Data { get; set; }
    /// <summary>The window the methods extend the base model to.</summary>
    public int TargetLength { get; set; } = 1024;
    /// <summary>Defaults every method's train stages fall back to (a method file may override them).</summary>
    public ExtensionDefaults Extension { get; set; } = new();
    /// <summary>Method names, resolved to files in <see cref="MethodsDir"/>; a method used as a logit-shift reference must come first.</summary>
    public List<string> Methods { get; set; } = ["base"];
    /// <summary>Folder of method files, relative to the profile file.</summary>
    public string MethodsDir { get; set; } = "../methods";
    public LossEvaluation Loss { get; set; } = new();
    public SuiteSelection Suites { get; set; } = new();
    /// <summary>What `make gate` counts as a regression of this profile's runs against the committed baseline.</summary>
    public GateSettings Gate { get; set; } = new();

    public sealed class ModelShape
    {
        public int HiddenSize { get; set; } = 256;
        public int IntermediateSize { get; set; } = 704;
        public int Layers { get; set; } = 4;
        public int Heads { get; set; } = 4;
        public int KeyValueHeads { get; set; } = 4;
        public double RopeTheta { get; set; } = 10000;
        /// <summary>See <see cref="LlamaConfig.SmearTaps"/>: lets a tiny model learn to retrieve within minutes.</summary>
        public int SmearTaps { get; set; }
    }

    /// <summary>The synthetic language every model trains and is evaluated on.</summary>
    public sealed class CorpusSettings
    {
        public static readonly IReadOnlyDictionary<string, PlantedKinds> KindNames = new Dictionary<string, PlantedKinds>
        {
            ["key-value"] = PlantedKinds.KeyValue, ["variable-chain"] = PlantedKinds.VariableChain,
            ["entity-fact"] = PlantedKinds.EntityFact, ["passage"] = PlantedKinds.Passage,
        };

        public List<string> Kinds { get; set; } = ["key-value", "variable-chain", "entity-fact"];
        public double EvidenceShare { get; set; } = 0.05;
        public double RepeatShare { get; set; }
        /// <summary>Length range of planted numbers (RULER's needles are 7 digits).</summary>
        public int MinDigits { get; set; } = 3;
        public int MaxDigits { get; set; } = 5;
        /// <summary>Share of documents that are task-shaped instances of the run's suites (prompt, answer, EOS), as an instruction-tuned base has seen.</summary>
        public double TaskShare { get; set; }
        /// <summary>
        /// Draws of a task among the task documents, by task name (default 1 each; 0 leaves it out of training): a task
        /// the base is weakest at can get more of the share without more pretraining steps.
        /// </summary>
        public Dictionary<string, int> TaskWeights { get; set; } = [];

        public CorpusOptions Options() => new(
            Kinds: Kinds.Aggregate(PlantedKinds.None, (all, k) => all | KindNames[k]), EvidenceShare: EvidenceShare, RepeatShare: RepeatShare,
            MinDigits: MinDigits, MaxDigits: MaxDigits);
    }

    /// <summary>Text files (JSON lines or Parquet, relative to the profile file) and the field or column holding the text.</summary>
    public sealed class DataFiles
    {
        public List<string> Train { get; set; } = [];
        /// <summary>The replay (general) data, its own file as in the reference code (instruction data); absent: train.</summary>
        public string? Replay { get; set; }
        /// <summary>Held-out loss text; absent: train (then the loss is not on held-out text).</summary>
        public string? Heldout { get; set; }
        public string Field { get; set; } = "text";
    }

    public sealed class BasePretraining
    {
        /// <summary>
        /// A Hugging Face checkpoint folder (relative to the profile file) to extend instead of a base pretrained here; it
        /// brings its tokenizer, and the run trains on <see cref="Data"/>. The other pretraining fields are then unused.
        /// </summary>
        public string? Checkpoint { get; set; }
        /// <summary>The short window the base model is pretrained at (and so the one it is good at); a checkpoint's own training window.</summary>
        public int Window { get; set; } = 128;
        /// <summary>Steps on copy documents alone before the mix: a curriculum that lets induction form first.</summary>
        public int CopySteps { get; set; }
        public int Steps { get; set; } = 600;
        /// <summary>
        /// Pretraining loss weight of the tokens recalled from earlier context (annotated evidence, task answers); the
        /// others weigh 1. An instruction-tuned base puts its loss on responses; this keeps the text but leans on recall.
        /// </summary>
        public double RecallWeight { get; set; } = 1;

        public int BatchSize { get; set; } = 16;
        public double LearningRate { get; set; } = 2e-3;
        public int WarmupSteps { get; set; } = 30;
        public string Schedule { get; set; } = "cosine";
    }

    public sealed class ExtensionDefaults
    {
        public int BatchSize { get; set; } = 4;
        public int GradAccumulation { get; set; } = 1;
        /// <summary>Training length as a fraction of the target when a method gives neither a length nor a fraction.</summary>
        public double? TrainingFraction { get; set; }
        /// <summary>Every train stage's steps × this (rounded up): a quick profile shrinks all budgets alike, keeping them equal.</summary>
        public double StepFraction { get; set; } = 1;
        /// <summary>
        /// Loss weight of the tokens that recall earlier context, for every trained method alike (as base.recall_weight in
        /// pretraining; 1 is the plain mean, as natural text trains).
        /// </summary>
        public double RecallWeight { get; set; } = 1;

        /// <summary>
        /// RoPE rescaling (linear, ntk or yarn; factor target / base window) put under every trained method alike, before
        /// its first stage; a method with a rope_scale stage of its own keeps only that. Absent: every method trains on
        /// RoPE as the base has it, as the LongRecipe reference code does.
        /// </summary>
        public string? RopeScale { get; set; }

        /// <summary>The method as this profile runs it: step budgets scaled, and the profile's RoPE rescaling under a trained method.</summary>
        public MethodConfig Scaled(MethodConfig method)
        {
            var stages = method.Stages.Select(s => s is TrainStageConfig t && StepFraction != 1 ? t with { Steps = (int)Math.Ceiling(t.Steps * StepFraction) } : s).ToList();
            if (RopeScale is not null && stages.Any(s => s is TrainStageConfig) && !stages.Any(s => s is RopeScaleStageConfig))
                stages.Insert(0, new RopeScaleStageConfig(MethodConfigValidator.RopeKinds[RopeScale], null));
            return method with { Stages = stages };
        }
    }

    public sealed class GateSettings
    {
        /// <summary>Significance level of each paired test.</summary>
        public double Alpha { get; set; } = 0.05;
        /// <summary>
        /// With a baseline of several seeds, the chance that a run at another seed lands past any cell's bound by itself
        /// (family-wise: each cell's one-sided bound is at this ÷ the number of cells); a drop within its cell's bound
        /// is reported but does not fail the gate.
        /// </summary>
        public double SeedAlpha { get; set; } = 0.05;
        /// <summary>Smallest score drop (0..100 points) worth failing on, however significant.</summary>
        public double MinScoreDrop { get; set; } = 10;
        /// <summary>Smallest held-out loss rise (nats per token) worth failing on.</summary>
        public double MinLossRise { get; set; } = 0.05;
        /// <summary>Largest ratio of calibrated wall time (seconds × the run's matmul rate) to the baseline's.</summary>
        public double TimeTolerance { get; set; } = 1.5;
        /// <summary>Largest ratio of peak resident memory to the baseline's.</summary>
        public double MemoryTolerance { get; set; } = 1.25;
        /// <summary>
        /// Smallest peak-RSS rise (MiB) worth failing on, however large the ratio: the same ci run has peaked at 687, 757 and
        /// 888 MiB in its full-sequence stage on this machine (managed heap and allocator timing), so smaller rises are noise.
        /// </summary>
        public double MinMemoryRiseMib { get; set; } = 256;
    }

    public sealed class SuiteSelection
    {
        /// <summary>The method whose RULER mean at its own window is the default effective-length threshold (and the keyword for it).</summary>
        public const string BaseMethod = "base";

        /// <summary>Suite files relative to the profile file; leave one out (null) to skip that suite.</summary>
        public string? Ruler { get; set; } = "../ruler.yaml";
        public string? General { get; set; } = "../general.yaml";
        /// <summary>RULER lengths; they must include base.window and not exceed target_length. Absent: see <see cref="Profile.RulerLengths"/>.</summary>
        public List<int>? RulerLengths { get; set; }
        /// <summary>Run only these RULER tasks (by name); all of them when absent.</summary>
        public List<string>? RulerTasks { get; set; }
        /// <summary>Overrides the RULER suite's samples per task and length.</summary>
        public int? RulerSamples { get; set; }
        /// <summary>
        /// "base" (the default): the base model's RULER mean at base.window, measured in the same run (as RULER's 85.6
        /// is Llama-2-7B's score at its own training window); or a fixed score in [0, 100].
        /// </summary>
        public string? EffectiveLengthThreshold { get; set; } = BaseMethod;

        /// <summary>The profile's fixed threshold, or null when it is derived from the base model.</summary>
        public double? FixedThreshold() => EffectiveLengthThreshold == BaseMethod ? null : ParseScore(EffectiveLengthThreshold);

        internal static double? ParseScore(string? text) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double score) && score is >= 0 and <= 100 ? score : null;
    }

    public sealed class LossEvaluation
    {
        /// <summary>Held-out loss is measured at these multiples of the base window.</summary>
        public List<int> WindowMultiples { get; set; } = [1, 2, 4, 8];
        public int Documents { get; set; } = 16;
    }

    public static Profile Load(string path)
    {
        var profile = YamlConfig.Load<Profile>(path);
        profile.Validate(path);
        return profile;
    }

    /// <summary>
    /// The RULER lengths, shortest first: the profile's list, or the base window doubled up to the target
    /// (128, 256, 512, 1024 for 128 → 1024; a target that is no power-of-two multiple of the window ends the ladder).
    /// The window is always one of them: it is the control length the base model's threshold is measured at.
    /// </summary>
    public IReadOnlyList<int> RulerLengths => Suites.RulerLengths is { } given ? [.. given.Order()] : Ladder(Base.Window, TargetLength);

    public static IReadOnlyList<int> Ladder(int window, int target)
    {
        var lengths = new List<int>();
        for (long length = window; length < target; length *= 2) lengths.Add((int)length);
        lengths.Add(target);
        return lengths;
    }

    /// <summary>The lengths held-out loss is measured at: the base window, its multiples and the target.</summary>
    public IReadOnlyList<int> LossLengths =>
        Loss.WindowMultiples.Select(m => m * Base.Window).Append(Base.Window).Append(TargetLength).Distinct().Order().ToList();

    public string MethodPath(string profileFile, string method) => ResolvePath(profileFile, Path.Combine(MethodsDir, method + ".yaml"));

    /// <summary>A path given in the profile, resolved against the profile file's folder.</summary>
    public string ResolvePath(string profileFile, string relative) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(profileFile))!, relative));

    /// <summary>What every method of this profile extends from: the base model, the run's text and its stage defaults.</summary>
    public ExtensionSetup ExtensionSetup(Llama? baseModel, RunBase runBase, IReadOnlyDictionary<string, MethodResult> completed) =>
        new(baseModel, runBase.Tokenizer, runBase.Text, Base.Window, TargetLength, StageDefaults(), completed, (float)Extension.RecallWeight)
        {
            ReplayText = runBase.Replay,
        };

    public StageSettings StageDefaults() => new(
        TargetLength: TargetLength, TrainingFraction: Extension.TrainingFraction, BatchSize: Extension.BatchSize,
        GradAccumulation: Extension.GradAccumulation, Seed: Seed);

    /// <summary>
    /// The model for a tokenizer of <paramref name="vocabSize"/> ids. The embedding is padded to a multiple of 64 rows, as
    /// nanoGPT pads GPT-2's 50,257 to 50,304: the output matmul runs ~1.5x faster here on a round size. The extra rows are
    /// never a target, so training pushes their logits down.
    /// </summary>
    public LlamaConfig ModelConfig(int vocabSize) => new()
    {
        VocabSize = (vocabSize + 63) / 64 * 64, HiddenSize = Model.HiddenSize, IntermediateSize = Model.IntermediateSize, NumLayers = Model.Layers,
        NumHeads = Model.Heads, NumKeyValueHeads = Model.KeyValueHeads, RopeTheta = Model.RopeTheta, MaxPositionEmbeddings = Base.Window,
        SmearTaps = Model.SmearTaps,
    };

    public TrainingSettings BaseTraining() => new()
    {
        Steps = Base.Steps, BatchSize = Base.BatchSize, Seed = Seed,
        Optimizer = new OptimizerSettings { LearningRate = Base.LearningRate, WarmupSteps = Base.WarmupSteps, Schedule = Base.Schedule },
    };

    void Validate(string file)
    {
        void Require(bool ok, string field, string problem) { if (!ok) throw new ConfigException(file, field, problem); }
        // A key written with no value ("base:") binds null, not the defaults (found by fuzzing).
        foreach (var (section, field) in new (object?, string)[]
                 { (Name, "name"), (Device, "device"), (Model, "model"), (Corpus, "corpus"), (Base, "base"), (Extension, "extension"),
                   (Methods, "methods"), (MethodsDir, "methods_dir"), (Loss, "loss"), (Suites, "suites"), (Gate, "gate") })
            Require(section is not null, field, "has no value");
        foreach (var (list, field) in new (object?, string)[] { (Corpus.Kinds, "corpus.kinds"), (Loss.WindowMultiples, "loss.window_multiples"), (Base.Schedule, "base.schedule") })
            Require(list is not null, field, "has no value");
        Require(Name.Length > 0, "name", "is required");
        Require(Threads > 0, "threads", "must be positive");
        Require(Seeds is >= 1 and <= 20, "seeds", "must lie in [1, 20]");
        Require(Device is "cpu" or "auto" || Device.StartsWith("cuda", StringComparison.Ordinal), "device", $"'{Device}' is not auto, cpu, cuda or cuda:N");
        Require(Device is "cpu" or "auto" || TorchSharp.torch.cuda.is_available(), "device",
            $"'{Device}' asked for, but this build has no usable CUDA (it references the CPU libtorch; see README, GPU / real models)");
        foreach (var (kind, i) in Corpus.Kinds.Select((k, i) => (k, i)))
            Require(CorpusSettings.KindNames.ContainsKey(kind), $"corpus.kinds[{i}]", $"unknown kind '{kind}' ({string.Join(", ", CorpusSettings.KindNames.Keys)})");
        Require(Corpus.EvidenceShare is >= 0 and <= 0.5, "corpus.evidence_share", "must lie in [0, 0.5]");
        Require(Corpus.RepeatShare is >= 0 and <= 1, "corpus.repeat_share", "must lie in [0, 1]");
        Require(Corpus.TaskShare is >= 0 and <= 1, "corpus.task_share", "must lie in [0, 1]");
        Require(Corpus.TaskWeights is not null, "corpus.task_weights", "has no value");
        foreach (var (task, weight) in Corpus.TaskWeights!)
            Require(weight is >= 0 and <= 10, $"corpus.task_weights.{task}", "must be an integer in [0, 10]");
        Require(Corpus.MinDigits is >= 1 and <= 9, "corpus.min_digits", "must lie in [1, 9]");
        Require(Corpus.MaxDigits >= Corpus.MinDigits && Corpus.MaxDigits <= 9, "corpus.max_digits", "must lie in [min_digits, 9]");
        Require(Base.Window >= 8, "base.window", "must be at least 8 tokens");
        Require(Base.Checkpoint is null || Directory.Exists(ResolvePath(file, Base.Checkpoint)), "base.checkpoint",
            $"no folder {(Base.Checkpoint is null ? "" : ResolvePath(file, Base.Checkpoint))}");
        Require(Base.Checkpoint is null || Data is not null, "data", "is required with base.checkpoint (the synthetic text is written in the word lexicon)");
        Require(Data is null || Base.Checkpoint is not null, "data", "needs base.checkpoint: the tiny base reads only its word lexicon");
        Require(Data is null || (Data.Train is { Count: > 0 } && Data.Field is { Length: > 0 }), "data.train", "must list at least one file, with a field");
        Require(Base.Steps > 0, "base.steps", "must be positive");
        Require(Base.CopySteps >= 0, "base.copy_steps", "must not be negative");
        Require(Base.BatchSize > 0, "base.batch_size", "must be positive");
        Require(Base.RecallWeight is >= 1 and <= 100, "base.recall_weight", "must lie in [1, 100]");
        Require(Base.LearningRate > 0, "base.learning_rate", "must be positive");
        Require(Base.Schedule is "constant" or "cosine", "base.schedule", $"'{Base.Schedule}' is not constant or cosine");
        Require(TargetLength > Base.Window, "target_length", $"must exceed base.window ({Base.Window})");
        Require(Loss.WindowMultiples.Count > 0 && Loss.WindowMultiples.All(m => m >= 1), "loss.window_multiples", "must be a non-empty list of integers ≥ 1");
        Require(Loss.Documents > 0, "loss.documents", "must be positive");
        Require(Extension.BatchSize > 0, "extension.batch_size", "must be positive");
        Require(Extension.GradAccumulation > 0, "extension.grad_accumulation", "must be positive");
        Require(Extension.TrainingFraction is null or (> 0 and <= 1), "extension.training_fraction", "must lie in (0, 1]");
        Require(Extension.StepFraction is > 0 and <= 1, "extension.step_fraction", "must lie in (0, 1]");
        Require(Extension.RecallWeight is >= 1 and <= 100, "extension.recall_weight", "must lie in [1, 100]");
        Require(Extension.RopeScale is null || MethodConfigValidator.RopeKinds.ContainsKey(Extension.RopeScale), "extension.rope_scale",
            $"unknown kind '{Extension.RopeScale}'; known: {string.Join(", ", MethodConfigValidator.RopeKinds.Keys)}");
        Require(Gate.Alpha is > 0 and < 1, "gate.alpha", "must lie in (0, 1)");
        Require(Gate.SeedAlpha is > 0 and < 1, "gate.seed_alpha", "must lie in (0, 1)");
        Require(Gate.MinScoreDrop is >= 0 and <= 100, "gate.min_score_drop", "must lie in [0, 100]");
        Require(Gate.MinLossRise >= 0, "gate.min_loss_rise", "must not be negative");
        Require(Gate.TimeTolerance >= 1, "gate.time_tolerance", "must be at least 1 (a ratio to the baseline)");
        Require(Gate.MemoryTolerance >= 1, "gate.memory_tolerance", "must be at least 1 (a ratio to the baseline)");
        Require(Gate.MinMemoryRiseMib >= 0, "gate.min_memory_rise_mib", "must not be negative");
        Require(Methods.Count > 0 && Methods.Distinct().Count() == Methods.Count, "methods", "must list each method once");
        Require(Model.HiddenSize > 0 && Model.IntermediateSize > 0 && Model.Layers > 0, "model", "hidden_size, intermediate_size and layers must be positive");
        Require(Model.Heads > 0 && Model.HiddenSize % (2 * Model.Heads) == 0, "model.heads", $"must divide hidden_size ({Model.HiddenSize}) into even head sizes");
        Require(Model.KeyValueHeads > 0 && Model.Heads % Model.KeyValueHeads == 0, "model.key_value_heads", $"must divide model.heads ({Model.Heads})");
        Require(Suites.RulerSamples is null or > 0, "suites.ruler_samples", "must be positive");
        Require(Suites.RulerLengths is null || Suites.RulerLengths.All(l => l > 0), "suites.ruler_lengths", "must be positive lengths");
        Require(Suites.RulerLengths is null || Suites.RulerLengths.Distinct().Count() == Suites.RulerLengths.Count, "suites.ruler_lengths", "must list each length once");
        Require(Suites.RulerLengths is null || Suites.RulerLengths.Contains(Base.Window), "suites.ruler_lengths",
            $"must include base.window ({Base.Window}): the control length every curve and the effective-length threshold start from");
        Require(Suites.RulerLengths is null || Suites.RulerLengths.All(l => l <= TargetLength), "suites.ruler_lengths", $"must not exceed target_length ({TargetLength})");
        Require(Suites.EffectiveLengthThreshold == SuiteSelection.BaseMethod || SuiteSelection.ParseScore(Suites.EffectiveLengthThreshold) is not null,
            "suites.effective_length_threshold", $"'{Suites.EffectiveLengthThreshold}' is neither 'base' (the base model's RULER mean at base.window) nor a score in [0, 100]");
        Require(Suites.Ruler is null || Suites.FixedThreshold() is not null || Methods.Contains(SuiteSelection.BaseMethod), "suites.effective_length_threshold",
            "is 'base' (the default), but methods does not list base: add base to methods or give a fixed score");
        foreach (var (method, i) in Methods.Select((m, i) => (m, i)))
            Require(File.Exists(MethodPath(file, method)), $"methods[{i}]", $"no method file {MethodPath(file, method)}");
        foreach (var (suite, field) in new[] { (Suites.Ruler, "suites.ruler"), (Suites.General, "suites.general") })
            Require(suite is null || File.Exists(ResolvePath(file, suite)), field, $"no suite file {(suite is null ? "" : ResolvePath(file, suite))}");
    }
}
