using System.Text.Json;
using LongRecipe.Bench.Model;
using Tensor = TorchSharp.torch.Tensor;

namespace LongRecipe.Bench.Tests.Model;

public sealed class RopeTests
{
    static readonly LlamaConfig Tiny = new() { HiddenSize = 128, NumHeads = 4, NumKeyValueHeads = 4, RopeTheta = 10000 };

    [Fact]
    public void Yarn_keeps_fast_pairs_interpolates_slow_ones_and_ramps_linearly_by_pair_index_between()
    {
        var plain = Rope.Frequencies(Tiny).InverseFrequencies;
        var (yarn, scale) = Rope.Frequencies(Tiny with { RopeScaling = new RopeScaling { Kind = "yarn", Factor = 8, OriginalMaxPositions = 128 } });
        // head_dim 32, θ 1e4, window 128: the correction dimensions are 0 and 6, so pair i keeps 1 − i/6 of its frequency
        // (the same factors as the YaRN reference code and Hugging Face's _compute_yarn_parameters).
        for (int i = 0; i < plain.Length; i++)
        {
            double keep = 1 - Math.Clamp(i / 6.0, 0, 1);
            Assert.Equal(keep * plain[i] + (1 - keep) * plain[i] / 8, yarn[i], 12);
        }
        Assert.Equal(0.1 * Math.Log(8) + 1, scale, 12);
    }

    [Fact]
    public void Llama3_keeps_short_wavelengths_divides_long_ones_and_blends_between()
    {
        var plain = Rope.Frequencies(Tiny).InverseFrequencies;
        var scaled = Rope.Frequencies(Tiny with { RopeScaling = new RopeScaling
            { Kind = "llama3", Factor = 8, OriginalMaxPositions = 128, LowFrequencyFactor = 1, HighFrequencyFactor = 4 } }).InverseFrequencies;
        // Window 128: wavelengths under 128 / 4 = 32 tokens keep θ, over 128 / 1 are divided by 8.
        int kept = 0, divided = 0, blended = 0;
        for (int i = 0; i < plain.Length; i++)
        {
            double wavelength = 2 * Math.PI / plain[i];
            if (wavelength < 32) { Assert.Equal(plain[i], scaled[i], 15); kept++; }
            else if (wavelength > 128) { Assert.Equal(plain[i] / 8, scaled[i], 15); divided++; }
            else
            {
                double share = (128 / wavelength - 1) / 3;   // of the original frequency
                Assert.Equal(share * plain[i] + (1 - share) * plain[i] / 8, scaled[i], 15);
                blended++;
            }
        }
        Assert.True(kept > 0 && divided > 0 && blended > 0, $"{kept} kept, {divided} divided, {blended} blended: a regime is untested");
    }

    [Fact]
    public void Dynamic_ntk_leaves_the_window_alone_and_raises_theta_with_the_sequence_beyond_it()
    {
        var config = Tiny with { MaxPositionEmbeddings = 128, RopeScaling = new RopeScaling { Kind = "dynamic", Factor = 4 } };
        var plain = Rope.Frequencies(Tiny).InverseFrequencies;
        Assert.Equal(plain, Rope.Frequencies(config, 128).InverseFrequencies);
        var beyond = Rope.Frequencies(config, 512).InverseFrequencies;
        double theta = 10000 * Math.Pow(4.0 * 512 / 128 - 3, 32 / 30.0);
        for (int i = 0; i < plain.Length; i++) Assert.Equal(1 / Math.Pow(theta, 2.0 * i / 32), beyond[i], 15);

        // The model recomputes them per call: inside the window (64) its logits are the unscaled model's.
        TorchRuntime.Configure(3);
        var small = LlamaTests.Small with { RopeScaling = new RopeScaling { Kind = "dynamic", Factor = 4 } };
        using var dynamic = TorchRuntime.NewModel(small, 3, TorchSharp.torch.CPU);
        using var unscaled = dynamic.Copy(small with { RopeScaling = null });
        using var scope = TorchSharp.torch.NewDisposeScope();
        var tokens = TorchSharp.torch.randint(0, small.VocabSize, [1, 60]);
        Tensor Positions(long start) => TorchSharp.torch.arange(start, start + 60, dtype: TorchSharp.torch.ScalarType.Int64).unsqueeze(0);
        Assert.True(dynamic.Logits(tokens, Positions(0)).allclose(unscaled.Logits(tokens, Positions(0)), rtol: 0, atol: 0));
        Assert.False(dynamic.Logits(tokens, Positions(100)).allclose(unscaled.Logits(tokens, Positions(100))));
    }

    [Fact]
    public void Linear_and_ntk_scaling_follow_their_formulas()
    {
        var plain = Rope.Frequencies(Tiny).InverseFrequencies;
        var linear = Rope.Frequencies(Tiny with { RopeScaling = new RopeScaling { Kind = "linear", Factor = 4 } }).InverseFrequencies;
        var ntk = Rope.Frequencies(Tiny with { RopeScaling = new RopeScaling { Kind = "ntk", Factor = 4 } }).InverseFrequencies;
        Assert.All(plain.Zip(linear), p => Assert.Equal(p.First / 4, p.Second, 15));
        // θ' = θ·s^(d/(d−2)): pair i slows by s^(2i/(d−2)), so the fastest is untouched and the slowest is divided by s.
        for (int i = 0; i < plain.Length; i++) Assert.Equal(plain[i] * Math.Pow(4, -2.0 * i / 30), ntk[i], 12);
        Assert.Equal(plain[^1] / 4, ntk[^1], 12);
    }

    [Fact]
    public void A_hugging_face_config_with_the_legacy_type_key_reads_the_kind()
    {
        var config = JsonSerializer.Deserialize<LlamaConfig>("""{"rope_scaling": {"type": "yarn", "factor": 4.0, "original_max_position_embeddings": 64}}""")!;
        Assert.Equal("yarn", config.RopeScaling!.Kind);
        Assert.DoesNotContain("\"type\"", JsonSerializer.Serialize(config));
    }
}
