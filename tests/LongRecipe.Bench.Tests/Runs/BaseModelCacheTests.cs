using LongRecipe.Bench.Model;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Runs;

public sealed class BaseModelCacheTests
{
    [Fact]
    public void A_corrupt_cached_base_is_pretrained_again_with_a_message_and_the_same_weights()
    {
        using var folder = new TempFolder();
        string path = MicroProfile.Write(folder, methods: "[base]");
        var profile = Profile.Load(path);
        var tokenizer = new WordTokenizer();
        var text = TrainingText.For(profile, path, new SuiteEvaluation(profile, path, tokenizer), tokenizer);
        var config = profile.ModelConfig(tokenizer.VocabSize);
        var device = TorchRuntime.Configure(profile.Seed, profile.Device, profile.Threads);
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
}
