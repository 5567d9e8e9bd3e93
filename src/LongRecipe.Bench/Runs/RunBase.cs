using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Text;
using LongRecipe.Bench.Training;
using TorchSharp;

namespace LongRecipe.Bench.Runs;

/// <summary>
/// What a run extends and trains on, as its profile names them. At tiny scale: the word lexicon, the synthetic text
/// (<see cref="TrainingText"/>) and a base model pretrained here (cached). With <c>base.checkpoint</c>: a Hugging Face
/// checkpoint, its own tokenizer, and the profile's <c>data</c> files for training, replay and held-out text. Made
/// before any work (every file is read and checked here); the model itself is read by <see cref="Load"/>.
/// </summary>
public sealed class RunBase
{
    public ITokenizer Tokenizer { get; }
    public LlamaConfig Config { get; }
    /// <summary>What every extension stage reads.</summary>
    public IDocumentSource Text { get; }
    /// <summary>What replay reads: the data's own replay file, else <see cref="Text"/>.</summary>
    public IDocumentSource Replay { get; }
    /// <summary>What held-out loss is measured on: the data's held-out file, else <see cref="Text"/>.</summary>
    public IDocumentSource HeldOut { get; }
    /// <summary>The checkpoint folder, or null for a base pretrained here.</summary>
    public string? Checkpoint { get; }

    readonly IReadOnlyList<PretrainingPhase> _pretraining;

    RunBase(ITokenizer tokenizer, LlamaConfig config, IDocumentSource text, IDocumentSource replay, IDocumentSource heldOut, string? checkpoint,
        IReadOnlyList<PretrainingPhase> pretraining) =>
        (Tokenizer, Config, Text, Replay, HeldOut, Checkpoint, _pretraining) = (tokenizer, config, text, replay, heldOut, checkpoint, pretraining);

    /// <summary>The run's tokenizer, first (the suites are made in it, and the synthetic text from the suites).</summary>
    public static ITokenizer TokenizerOf(Profile profile, string profileFile) =>
        profile.Base.Checkpoint is { } folder ? LoadTokenizer(profile.ResolvePath(profileFile, folder)) : new WordTokenizer();

    /// <summary>
    /// The run's base and text. A checkpoint base's data is read in <paramref name="dataTokenizer"/> (`evaluate` scores
    /// models in their own tokenizer; default: the checkpoint's); the synthetic text is always written in the word lexicon.
    /// </summary>
    public static RunBase Make(Profile profile, string profileFile, SuiteEvaluation suites, ITokenizer? dataTokenizer = null)
    {
        if (profile.Base.Checkpoint is not { } relative)
        {
            var words = new WordTokenizer();
            var text = TrainingText.For(profile, profileFile, suites, words);
            return new RunBase(words, profile.ModelConfig(words.VocabSize), text, text, text, null, TrainingText.Pretraining(profile, text, words));
        }
        string folder = profile.ResolvePath(profileFile, relative);
        var (config, _, _) = Model.Checkpoint.Verify(folder);
        var tokenizer = dataTokenizer ?? LoadTokenizer(folder);
        var data = profile.Data!;   // validated: a checkpoint base needs data
        string field = data.Field;
        var train = TextFileDocuments.Load([.. data.Train.Select(f => profile.ResolvePath(profileFile, f))], field, tokenizer, profileFile, "data.train");
        IDocumentSource Optional(string? file, string name) =>
            file is null ? train : TextFileDocuments.Load([profile.ResolvePath(profileFile, file)], field, tokenizer, profileFile, name);
        return new RunBase(tokenizer, config, train, Optional(data.Replay, "data.replay"), Optional(data.Heldout, "data.heldout"), folder, []);
    }

    /// <summary>The base model: the checkpoint read, or the tiny base from the cache (pretrained first when absent; no record for a checkpoint).</summary>
    public (Llama Model, PretrainingRecord? Record) Load(string cacheRoot, torch.Device device, Action<PretrainingPhase, StepMetrics>? onStep, Action<string> log)
    {
        if (Checkpoint is { } folder)
        {
            log($"base model: {folder} ({Config.NumLayers} layers × {Config.HiddenSize})");
            return (Model.Checkpoint.Load(folder, device), null);
        }
        log($"base model: {Config.NumLayers} layers × {Config.HiddenSize}, window {Config.MaxPositionEmbeddings}");
        var (model, record) = BaseModel.LoadOrPretrain(Config, _pretraining, Config.MaxPositionEmbeddings, cacheRoot, device, (WordTokenizer)Tokenizer, onStep, log);
        return (model, record);
    }

    static HuggingFaceTokenizer LoadTokenizer(string folder)
    {
        if (!File.Exists(Path.Combine(folder, ImportedModels.TokenizerFile)))
            throw new ConfigException(folder, ImportedModels.TokenizerFile, "missing: a checkpoint base brings its own tokenizer");
        return HuggingFaceTokenizer.Load(folder);
    }
}
