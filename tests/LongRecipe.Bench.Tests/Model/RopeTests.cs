using System.Text.Json;
using LongRecipe.Bench.Model;

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
