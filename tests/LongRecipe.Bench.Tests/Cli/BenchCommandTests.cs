using LongRecipe.Bench.Cli;
using LongRecipe.Bench.Tests.Runs;

namespace LongRecipe.Bench.Tests.Cli;

[Collection("Console")]
public sealed class BenchCommandTests
{
    static (int Exit, string Error) Run(params string[] args) => CommandLine.Run(args);

    [Fact]
    public void A_missing_profile_is_one_line_naming_the_file_and_exit_code_2()
    {
        using var folder = new TempFolder();
        var (exit, error) = Run("bench", "--profile", folder.File("nope.yaml"), "--results", folder.File("r"), "--cache", folder.File("c"));
        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: {folder.File("nope.yaml")}: (file): not found", error.TrimEnd());
        Assert.False(Directory.Exists(folder.File("r")));
    }

    [Fact]
    public void Cuda_on_a_cpu_build_is_one_line_naming_the_device_field_before_any_work()
    {
        if (TorchSharp.torch.cuda.is_available()) return;   // only a CPU build can show this error
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, extra: "device: cuda");
        var (exit, error) = Run("bench", "--profile", profile, "--results", folder.File("r"), "--cache", folder.File("c"));
        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith($"error: {profile}: device: 'cuda' asked for, but this build has no usable CUDA", error.TrimEnd());
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(folder.File("r")));
    }

    [Fact]
    public void An_unknown_key_in_the_profile_is_named()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, extra: "colour: blue");
        var (exit, error) = Run("bench", "--profile", profile, "--results", folder.File("r"), "--cache", folder.File("c"));
        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.StartsWith($"error: {profile}: colour: unknown key", error.TrimEnd());
    }

    [Fact]
    public void Zero_seeds_is_one_line_naming_the_option_before_any_work()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder);
        var (exit, error) = Run("bench", "--profile", profile, "--results", folder.File("r"), "--cache", folder.File("c"), "--seeds", "0");
        Assert.Equal(CommandErrors.BadInput, exit);
        Assert.Equal($"error: {profile}: --seeds: must lie in [1, 20], got 0", error.TrimEnd());
        Assert.False(Directory.Exists(folder.File("r")));
    }

    [Fact]
    public void A_corrupt_cached_base_model_is_pretrained_again_never_loaded_half_read()
    {
        using var folder = new TempFolder();
        var profile = MicroProfile.Write(folder, methods: "[base]");
        string[] Args(string run) => ["bench", "--profile", profile, "--results", folder.File("r"), "--cache", folder.File("c"), "--run-id", run];
        Assert.Equal(CommandErrors.Ok, Run(Args("first")).Exit);
        var weights = Directory.GetFiles(folder.File("c"), "model.safetensors", SearchOption.AllDirectories).Single();
        byte[] good = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, [1, 2, 3]);
        Assert.Equal(CommandErrors.Ok, Run(Args("second")).Exit);   // the message line is BaseModelCacheTests' concern
        Assert.Equal(good, File.ReadAllBytes(weights));
        Assert.Equal(File.ReadAllText(Path.Combine(folder.File("r"), "first", "scores.csv")),
            File.ReadAllText(Path.Combine(folder.File("r"), "second", "scores.csv")));
    }
}
