using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Evaluation;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Results;
using LongRecipe.Bench.Text;
using LongRecipe.Bench.Training;

namespace LongRecipe.Bench.Runs;

/// <summary>
/// What `bench` and `evaluate` were asked for. With <paramref name="Checkpoints"/> (`evaluate`), those models are scored
/// beside the profile's untouched base instead of its methods; <paramref name="Seed"/> replaces the profile's seed.
/// </summary>
public sealed record BenchOptions(string ProfilePath, string ResultsRoot, string CacheRoot, string? RunId = null, IReadOnlyList<string>? Checkpoints = null,
    int? Seed = null)
{
    /// <summary>Replaces the profile's <c>seeds</c> (how many seeds the run makes).</summary>
    public int? Seeds { get; init; }

    /// <summary>False for a run that is itself one of another run's seeds.</summary>
    public bool RunsOtherSeeds { get; init; } = true;
}

/// <summary>
/// One `bench` run, top to bottom: profile → base model (cached) → every method's stages → evaluation → results folder.
/// Each finished method is saved in the run folder, so a rerun with the same run id resumes after the last one.
/// </summary>
public static class Runner
{
    /// <summary>Where a run keeps the runs of its profile's other seeds (seed-&lt;n&gt;/ each).</summary>
    public const string SeedsFolder = "seeds";

    /// <summary>
    /// The run, then one run per other seed of the profile's <c>seeds</c> under its seeds/ folder, each resumable by itself
    /// and handed to <paramref name="finished"/> when done (its report); returns the main run.
    /// </summary>
    public static RunFolder RunWithSeeds(BenchOptions options, Action<string> log, Action<StepProgress>? onStep, Action<RunFolder> finished)
    {
        var run = Run(options, log, onStep);
        if (!options.RunsOtherSeeds) return run;
        var profile = Profile.Load(options.ProfilePath);
        int count = options.Seeds ?? profile.Seeds;
        foreach (int seed in Bench.Seeds.Replicates(options.Seed ?? profile.Seed, count))
        {
            log($"seed {seed} (one of {count})");
            finished(Run(options with { Seed = seed, ResultsRoot = Path.Combine(run.Path, SeedsFolder), RunId = $"seed-{seed}", RunsOtherSeeds = false }, log, onStep));
        }
        return run;
    }

    /// <summary><paramref name="onStep"/> hears every training step and every finished model's suites (a progress display).</summary>
    public static RunFolder Run(BenchOptions options, Action<string> log, Action<StepProgress>? onStep = null)
    {
        var profile = Profile.Load(options.ProfilePath);
        if (options.Seed is int seed) profile.Seed = seed;
        if (options.Seeds is < 1 or > 20) throw new ConfigException(options.ProfilePath, "--seeds", $"must lie in [1, 20], got {options.Seeds}");
        var words = new WordTokenizer();
        var methods = profile.Methods.Select(m => profile.Extension.Scaled(MethodConfigLoader.Load(profile.MethodPath(options.ProfilePath, m))))
            .Where(m => options.Checkpoints is null || m.Stages.Count == 0).ToList();
        var imported = ImportedModels.Check(options.Checkpoints ?? [], profile.ModelConfig(words.VocabSize).VocabSize, methods.Select(m => m.Name));
        if (imported.Tokenizer is not null) methods = [];   // the profile's base reads its own tokenizer, not the checkpoints'
        CheckReferencesComeFirst(methods, options.ProfilePath);
        CheckTrainingLengths(profile, options.ProfilePath, methods);
        ITokenizer tokenizer = imported.Tokenizer ?? RunBase.TokenizerOf(profile, options.ProfilePath);
        var suites = new SuiteEvaluation(profile, options.ProfilePath, tokenizer);   // every config is read before any work
        var runBase = RunBase.Make(profile, options.ProfilePath, suites, tokenizer);
        CheckMemory(profile, options.ProfilePath, methods, runBase.Config, log);
        // Checkpoints with their own tokenizer read the synthetic text retokenized; a checkpoint base's data is read in it already.
        IDocumentSource heldOutText = imported.Tokenizer is { } own && runBase.Checkpoint is null ? new RetokenizedText(runBase.HeldOut, words, own) : runBase.HeldOut;
        CheckSelectorsKeepText(profile, options.ProfilePath, methods, runBase);
        var device = TorchRuntime.Configure(profile.Seed, profile.Device, profile.Threads);
        var run = RunFolder.Open(options.ResultsRoot, options.RunId ?? RunFolder.NewRunId(profile.Name, DateTime.UtcNow));
        using var runLock = RunLock.Acquire(run);
        RunIdentity.Claim(run, options.ProfilePath, profile, imported.Models.Select(i => i.Folder));
        run.WriteConfig(new { profile, methods });
        log($"run {run.RunId} → {run.Path}");
        var environment = RunEnvironment.Measure(profile.Threads, TorchRuntime.Resolve(profile.Device), suites.Versions);
        run.WriteJson(RunEnvironment.FileName, environment);

        var completed = new Dictionary<string, MethodResult>();
        var pretraining = methods.Count == 0 ? null : ExtendBase(profile, options, methods, runBase, device, run, completed, log, onStep);
        // Every model is evaluated alone, read back from where it is stored, so a run holds one model at a time.
        foreach (string name in completed.Keys.ToList()) completed[name] = completed[name].Released();
        var importedFolders = imported.Models.ToDictionary(m => m.Name, m => m.Folder);
        foreach (var (name, _) in imported.Models) completed[name] = ImportedModels.Entry(name);

        var lengths = profile.LossLengths;
        int maxLength = Math.Max(lengths.Max(), suites.LongestLength);
        var losses = new List<LossAtLength>();
        var documentLosses = new List<DocumentLoss>();
        var distanceLosses = new List<DistanceLoss>();
        var scores = new List<ModelScores>();
        var models = completed.Values.SelectMany(r => r.Models.Select(m => (r.Method, m.Variant))).ToList();
        foreach (var (method, variant) in models)
        {
            using var model = importedFolders.TryGetValue(method, out var folder) ? Checkpoint.Load(folder, device) : MethodStore.LoadModel(run, method, variant, device);
            var evaluator = new TorchEvaluator(model, maxLength, tokenizer.StartIds);
            var heldOut = LossByLength.Measure(variant, evaluator, heldOutText, profile.Base.Window, lengths, profile.Loss.Documents, profile.Seed);
            losses.AddRange(heldOut.Rows);
            documentLosses.AddRange(heldOut.Documents);
            distanceLosses.AddRange(heldOut.Distances);
            log($"{variant}: suites");
            scores.Add(suites.Evaluate(run, variant, evaluator, heldOutText, log));
            onStep?.Invoke(new StepProgress("suites and losses", scores.Count, models.Count, double.NaN));
        }

        // Measured again at the end, the better of the two kept: a moment of other load at the start (a build server
        // finishing, say) once read 95 GFLOP/s against 120–165 in runs around it, which would skew every calibrated time.
        run.WriteJson(RunEnvironment.FileName, environment with
        {
            MatmulGflopsPerSecond = Math.Max(environment.MatmulGflopsPerSecond, MatmulRate.GflopsPerSecond()),
        });
        var results = completed.Values.ToList();
        run.WriteCsv("loss_by_length.csv", losses);
        run.WriteCsv("loss_by_document.csv", documentLosses);
        run.WriteCsv("loss_by_distance.csv", distanceLosses);
        run.WriteCsv("resources.csv", results.SelectMany(r => r.Stages));
        run.WriteCsv("training_curve.csv", results.SelectMany(r => r.Curve));
        run.WriteCsv("scores.csv", scores.SelectMany(s => s.Scores));
        run.WriteCsv("samples.csv", scores.SelectMany(s => s.Samples));
        // Without the profile's base in the run, RULER's own threshold stands in for the base's score at its window.
        double? threshold = profile.Suites.FixedThreshold() ?? (completed.ContainsKey(Profile.SuiteSelection.BaseMethod) ? null : suites.RulerThreshold);
        var summary = BenchSummary.From(profile, run.RunId, pretraining, results, losses, scores, threshold);
        run.WriteSummary(summary);
        foreach (var line in summary.Describe()) log(line);
        return run;
    }

    /// <summary>
    /// The profile's base model (cached, else pretrained) extended by each method in profile order; a later method may use an
    /// earlier one's model (logit-shift's reference). Finished methods are stored in the run, so a rerun resumes after them.
    /// </summary>
    static PretrainingRecord? ExtendBase(Profile profile, BenchOptions options, IReadOnlyList<MethodConfig> methods, RunBase runBase,
        TorchSharp.torch.Device device, RunFolder run, Dictionary<string, MethodResult> completed, Action<string> log, Action<StepProgress>? onStep)
    {
        var (baseModel, pretraining) = runBase.Load(options.CacheRoot, device,
            (phase, step) =>
            {
                if (step.Step % 100 == 0) log($"  pretrain {phase.Name} step {step.Step}: loss {step.Loss:F3}");
                onStep?.Invoke(new StepProgress($"pretrain {phase.Name}", step.Step + 1, phase.Training.Steps, step.Loss));
            }, log);
        if (pretraining is not null) run.WriteJson("pretraining.json", pretraining);
        var setup = profile.ExtensionSetup(baseModel, runBase, completed);
        foreach (var (method, i) in methods.Select((m, i) => (m, i)))
        {
            completed[method.Name] = MethodStore.TryLoad(run, method.Name, device) ?? MethodStore.Save(run, Stages.Apply(method, setup, log, onStep));
            log($"{method.Name}: {completed[method.Name].TotalTokens:N0} tokens, {completed[method.Name].TotalFlops:E2} FLOPs");
            // Stored, so it leaves memory unless a later method scores text with it (a logit-shift reference): a run of
            // real models holds the base and at most the models still referenced, not every method's.
            if (!methods.Skip(i + 1).Any(later => later.ScoringReferences.Contains(method.Name))) completed[method.Name] = completed[method.Name].Released();
        }
        baseModel.Dispose();
        return pretraining;
    }

    /// <summary>Every train stage with its method file, its index and its settings over the profile's defaults.</summary>
    static IEnumerable<(string File, int Index, TrainStageConfig Stage, StageSettings Settings)> TrainStages(Profile profile, string profileFile,
        IReadOnlyList<MethodConfig> methods) =>
        methods.SelectMany((method, m) => method.Stages.Select((stage, s) => (stage, s))
            .Where(x => x.stage is TrainStageConfig)
            .Select(x => (profile.MethodPath(profileFile, profile.Methods[m]), x.s, (TrainStageConfig)x.stage,
                ((TrainStageConfig)x.stage).Settings.Or(profile.StageDefaults()))));

    /// <summary>Every train stage's length resolved against the profile now, so a length past the target is refused before any work.</summary>
    static void CheckTrainingLengths(Profile profile, string profileFile, IReadOnlyList<MethodConfig> methods)
    {
        foreach (var (file, s, _, settings) in TrainStages(profile, profileFile, methods))
        {
            try { settings.Resolve(profile.TargetLength, profile.Base.Window); }
            catch (ArgumentException e)
            {
                throw new ConfigException(file, $"stages[{s}].train.training_length", e.Message);
            }
        }
    }

    /// <summary>
    /// The memory plan of the largest train stage, logged; a stage the plan says cannot fit in the host's available memory
    /// is refused before any work (on a GPU the device's own limit applies; see `plan`).
    /// </summary>
    static void CheckMemory(Profile profile, string profileFile, IReadOnlyList<MethodConfig> methods, LlamaConfig config, Action<string> log)
    {
        var plans = TrainStages(profile, profileFile, methods).Select(s => (s.File, s.Index, Bytes: MemoryPlan.Total(MemoryPlan.Estimate(
            new MemoryPlanInput(config, s.Settings.Resolve(profile.TargetLength, profile.Base.Window).Length, s.Settings.BatchSize ?? 1,
                GradientCheckpointing: s.Settings.GradientCheckpointing ?? false, ComputeBytes: Autocast.ComputeBytes(s.Settings.Autocast)))))).ToList();
        if (plans.Count == 0) return;
        var largest = plans.MaxBy(p => p.Bytes);
        log($"memory plan: largest train stage {largest.Bytes / 1048576:F0} MiB ({Path.GetFileNameWithoutExtension(largest.File)} stage {largest.Index})");
        if (TorchRuntime.Resolve(profile.Device) == "cpu" && MemoryPlan.HostAvailableBytes() is { } available && largest.Bytes > available)
            throw new ConfigException(largest.File, $"stages[{largest.Index}].train",
                $"needs about {largest.Bytes / (1L << 30):F1} GiB by the memory plan; {available / (double)(1L << 30):F1} GiB is available");
    }

    /// <summary>A rule-based selector that keeps nothing of the run's own text would loop for ever: refused before any work.</summary>
    static void CheckSelectorsKeepText(Profile profile, string profileFile, IReadOnlyList<MethodConfig> methods, RunBase runBase)
    {
        foreach (var (file, s, train, settings) in TrainStages(profile, profileFile, methods))
            if (train.Select.Kind != SelectorKind.LogitShift
                && StageBlocks.ProbeKeptTokens(train, settings, runBase.Tokenizer, train.Select.ReadsReplayData ? runBase.Replay : runBase.Text,
                    profile.Base.Window, profile.TargetLength) == 0)
                throw new ConfigException(file, $"stages[{s}].train.select",
                    "keeps no token of the first 20 documents of this run's text (a digit rule on text without digits?)");
    }

    /// <summary>A logit-shift stage scores documents with another method's model, which must therefore run earlier.</summary>
    static void CheckReferencesComeFirst(IReadOnlyList<MethodConfig> methods, string profileFile)
    {
        for (int i = 0; i < methods.Count; i++)
            foreach (string reference in methods[i].ScoringReferences)
                if (!methods.Take(i).Any(m => m.Name == reference))
                    throw new ConfigException(profileFile, $"methods[{i}]",
                        $"{methods[i].Name} selects by logit shift against '{reference}', which must be listed before it");
    }
}
