using LongRecipe.Bench.Model;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Text;
using LongRecipe.Bench.Training;

namespace LongRecipe.Bench.Tests.Runs;

public sealed class BaseModelCacheTests
{
    /// <summary>The micro profile's base: its profile, tokenizer, training text, model shape and device.</summary>
    static (Profile, WordTokenizer, Bench.Corpus.IDocumentSource, LlamaConfig, TorchSharp.torch.Device) MicroBase(TempFolder folder)
    {
        string path = MicroProfile.Write(folder, methods: "[base]");
        var profile = Profile.Load(path);
        var tokenizer = new WordTokenizer();
        var text = TrainingText.For(profile, path, new SuiteEvaluation(profile, path, tokenizer), tokenizer);
        return (profile, tokenizer, text, profile.ModelConfig(tokenizer.VocabSize), TorchRuntime.Configure(profile.Seed, profile.Device, profile.Threads));
    }

    [Fact]
    public void A_corrupt_cached_base_is_pretrained_again_with_a_message_and_the_same_weights()
    {
        using var folder = new TempFolder();
        var (profile, tokenizer, text, config, device) = MicroBase(folder);
        string cache = folder.File("cache");
        (Llama, PretrainingRecord) Load(List<string> log) =>
            BaseModel.LoadOrPretrain(config, TrainingText.Pretraining(profile, text, tokenizer), profile.Base.Window, cache, device, tokenizer, log: log.Add);

        var (first, record) = Load([]);
        string weights = Directory.GetFiles(cache, "*.safetensors", SearchOption.AllDirectories).Single();
        byte[] good = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, good[..(good.Length / 2)]);   // a disk that filled up, a copy cut short

        var messages = new List<string>();
        var (again, recordAgain) = Load(messages);

        Assert.Contains("is unreadable", Assert.Single(messages));
        Assert.Equal(good, File.ReadAllBytes(weights));
        Assert.Equal((record.Steps, record.FinalLoss), (recordAgain.Steps, recordAgain.FinalLoss));
        first.Dispose();
        again.Dispose();
    }

    [Fact]
    public void An_interrupted_pretraining_resumes_after_its_last_finished_phase_with_the_same_weights()
    {
        using var folder = new TempFolder();
        var (profile, tokenizer, text, config, device) = MicroBase(folder);
        var training = profile.BaseTraining();
        PretrainingPhase[] phases = [new("first", text, training with { Steps = 3 }), new("second", text, training with { Steps = 4, Seed = 99 })];
        (Llama, PretrainingRecord) Pretrain(string cache, Action<PretrainingPhase, StepMetrics>? onStep = null, List<string>? log = null) =>
            BaseModel.LoadOrPretrain(config, phases, profile.Base.Window, folder.File(cache), device, tokenizer, onStep, log is null ? null : log.Add);

        var (whole, wholeRecord) = Pretrain("whole");
        Assert.Throws<OperationCanceledException>(() => Pretrain("killed",
            (phase, step) => { if (phase.Name == "second" && step.Step == 1) throw new OperationCanceledException("killed mid-phase"); }));
        var seen = new List<string>();
        var log = new List<string>();
        var (resumed, resumedRecord) = Pretrain("killed", (phase, _) => seen.Add(phase.Name), log);

        Assert.Equal(Enumerable.Repeat("second", 4), seen);   // the finished phase was not trained again
        Assert.Contains(log, line => line.StartsWith("pretraining resumes after phase first", StringComparison.Ordinal));
        foreach (var ((name, a), (_, b)) in whole.named_parameters().Zip(resumed.named_parameters()))
            Assert.True(a.bytes.ToArray().SequenceEqual(b.bytes.ToArray()), name);
        Assert.Equal((wholeRecord.Steps, wholeRecord.Tokens, wholeRecord.FirstLoss, wholeRecord.FinalLoss),
            (resumedRecord.Steps, resumedRecord.Tokens, resumedRecord.FirstLoss, resumedRecord.FinalLoss));
        Assert.Empty(Directory.GetDirectories(Path.Combine(folder.File("killed"), "base"), "*.phase-*"));
        whole.Dispose();
        resumed.Dispose();
    }

    [Fact]
    public void A_pretraining_killed_mid_phase_trains_on_from_its_last_step_checkpoint_with_the_same_weights()
    {
        using var folder = new TempFolder();
        var (profile, tokenizer, text, config, device) = MicroBase(folder);
        var training = profile.BaseTraining() with { BatchSize = 1 };
        int steps = BaseModel.CheckpointEvery + 4;
        PretrainingPhase[] phases = [new("only", text, training with { Steps = steps })];
        (Llama, PretrainingRecord) Pretrain(string cache, Action<PretrainingPhase, StepMetrics>? onStep = null, List<string>? log = null) =>
            BaseModel.LoadOrPretrain(config, phases, profile.Base.Window, folder.File(cache), device, tokenizer, onStep, log is null ? null : log.Add);

        var (whole, wholeRecord) = Pretrain("whole");
        Assert.Throws<OperationCanceledException>(() => Pretrain("killed",
            (_, step) => { if (step.Step == steps - 2) throw new OperationCanceledException("killed mid-phase"); }));
        var seen = new List<int>();
        var log = new List<string>();
        var (resumed, resumedRecord) = Pretrain("killed", (_, step) => seen.Add(step.Step), log);

        Assert.Equal(Enumerable.Range(BaseModel.CheckpointEvery, 4), seen);
        Assert.Contains(log, line => line.StartsWith($"training resumes after step {BaseModel.CheckpointEvery}", StringComparison.Ordinal));
        foreach (var ((name, a), (_, b)) in whole.named_parameters().Zip(resumed.named_parameters()))
            Assert.True(a.bytes.ToArray().SequenceEqual(b.bytes.ToArray()), name);
        Assert.Equal((wholeRecord.Steps, wholeRecord.Tokens, wholeRecord.FinalLoss), (resumedRecord.Steps, resumedRecord.Tokens, resumedRecord.FinalLoss));
        Assert.Empty(Directory.GetDirectories(Path.Combine(folder.File("killed"), "base"), "*.phase-*"));
        whole.Dispose();
        resumed.Dispose();
    }
}
