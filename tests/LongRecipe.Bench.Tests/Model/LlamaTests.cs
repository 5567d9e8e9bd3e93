using LongRecipe.Bench.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Model;

public sealed class LlamaTests
{
    internal static readonly LlamaConfig Small = new()
    {
        VocabSize = 40, HiddenSize = 32, IntermediateSize = 64, NumLayers = 2, NumHeads = 4, NumKeyValueHeads = 2, MaxPositionEmbeddings = 64,
    };

    static Llama NewModel(LlamaConfig? config = null, int seed = 7)
    {
        TorchRuntime.Configure(seed);
        return TorchRuntime.NewModel(config ?? Small, seed, CPU);
    }

    static Tensor Tokens(params long[] ids) => tensor(ids, [1, ids.Length]);
    static Tensor Positions(long start, long count) => arange(start, start + count, dtype: ScalarType.Int64).unsqueeze(0);

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void Changing_future_tokens_leaves_past_logits_unchanged(int smearTaps)
    {
        using var scope = NewDisposeScope();
        using var model = NewModel(Small with { SmearTaps = smearTaps });
        using var _ = no_grad();
        var a = model.Logits(Tokens(1, 2, 3, 4, 5, 6), Positions(0, 6));
        var b = model.Logits(Tokens(1, 2, 3, 9, 9, 9), Positions(0, 6));
        Assert.True(a.narrow(1, 0, 3).allclose(b.narrow(1, 0, 3), rtol: 0, atol: 1e-6));
        Assert.False(a.narrow(1, 3, 1).allclose(b.narrow(1, 3, 1), rtol: 0, atol: 1e-3));
    }

    [Fact]
    public void Shifting_every_position_id_by_a_constant_leaves_logits_unchanged()
    {
        using var scope = NewDisposeScope();
        using var model = NewModel();
        using var _ = no_grad();
        var tokens = Tokens(5, 8, 13, 21, 34, 3, 17, 2);
        var atZero = model.Logits(tokens, Positions(0, 8));
        var shifted = model.Logits(tokens, Positions(1000, 8));
        Assert.True(atZero.allclose(shifted, rtol: 0, atol: 1e-4), $"max diff {(atZero - shifted).abs().max().item<float>()}");
        // Position ids are really used: spreading them apart changes the logits.
        var spread = model.Logits(tokens, arange(0, 80, 10, dtype: ScalarType.Int64).unsqueeze(0));
        Assert.False(atZero.allclose(spread, rtol: 0, atol: 1e-3));
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("ntk")]
    [InlineData("yarn")]
    public void Rope_scaling_changes_long_range_logits_but_keeps_relative_invariance(string kind)
    {
        using var scope = NewDisposeScope();
        var scaled = Small with { RopeScaling = new RopeScaling { Kind = kind, Factor = 4, OriginalMaxPositions = 64 } };
        using var plain = NewModel();
        using var model = NewModel(scaled);
        using var _ = no_grad();
        var tokens = Tokens(5, 8, 13, 21, 34, 3);
        Assert.True(model.Logits(tokens, Positions(0, 6)).allclose(model.Logits(tokens, Positions(500, 6)), rtol: 0, atol: 1e-4));
        Assert.False(plain.Logits(tokens, Positions(0, 6)).allclose(model.Logits(tokens, Positions(0, 6)), rtol: 0, atol: 1e-4));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void Kv_cache_generation_equals_full_recompute_token_for_token(int smearTaps)
    {
        using var scope = NewDisposeScope();
        using var model = NewModel(Small with { SmearTaps = smearTaps });
        using (no_grad())
            foreach (var (name, p) in model.named_parameters().Where(p => p.name.EndsWith("_taps")))
                p.copy_(randn(p.shape));   // unequal mixes over every tap, so a misaligned earlier vector would show
        var prompts = tensor(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 8, 7, 6, 5, 4, 3, 2, 1 }, [2, 10]);
        var cached = Generation.Greedy(model, prompts, 12, new HashSet<int>(), useCache: true);
        var recomputed = Generation.Greedy(model, prompts, 12, new HashSet<int>(), useCache: false);
        Assert.Equal(12, cached[0].Length);
        Assert.Equal(recomputed, cached);
    }

    [Fact]
    public void Last_position_logits_are_the_last_row_of_the_full_logits()
    {
        using var scope = NewDisposeScope();
        using var model = NewModel(Small with { SmearTaps = 4 });
        using var _ = no_grad();
        var tokens = tensor(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 8, 7, 6, 5, 4, 3, 2, 1 }, [2, 10]);
        var positions = arange(10, dtype: ScalarType.Int64).unsqueeze(0).expand(2, 10);
        var last = model.Logits(tokens, positions, lastOnly: true);
        Assert.Equal([2L, 1L, model.Config.VocabSize], last.shape);
        Assert.True(model.Logits(tokens, positions).narrow(1, 9, 1).allclose(last, rtol: 1e-5, atol: 1e-6));   // a one-row matmul may round differently
    }

    [Fact]
    public void Generation_stops_at_a_stop_token_without_returning_it()
    {
        using var scope = NewDisposeScope();
        using var model = NewModel();
        var prompt = Tokens(1, 2, 3, 4);
        var free = Generation.Greedy(model, prompt, 6, new HashSet<int>())[0];
        var stopped = Generation.Greedy(model, prompt, 6, new HashSet<int> { free[2] })[0];
        int firstStop = Array.IndexOf(free, free[2]);
        Assert.Equal(free.Take(firstStop), stopped);
    }

    [Fact]
    public void Smear_taps_add_key_and_query_mixes_of_their_width_per_head()
    {
        using var scope = NewDisposeScope();
        using var plain = NewModel();
        using var smeared = NewModel(Small with { SmearTaps = 3 });
        using var _ = no_grad();
        var positions = Positions(0, 8);
        var tokens = Tokens(5, 8, 13, 21, 34, 3, 17, 2);
        Assert.False(plain.Logits(tokens, positions).allclose(smeared.Logits(tokens, positions), rtol: 0, atol: 1e-4));
        Assert.Equal(2, smeared.named_parameters().Count(p => p.name.EndsWith("self_attn.key_taps") && p.parameter.shape.SequenceEqual([2L, 3L])));
        Assert.Equal(2, smeared.named_parameters().Count(p => p.name.EndsWith("self_attn.query_taps") && p.parameter.shape.SequenceEqual([4L, 2L])));
        Assert.DoesNotContain(plain.named_parameters(), p => p.name.EndsWith("_taps"));
    }

    [Fact]
    public void Weighted_loss_is_the_weighted_mean_of_the_token_losses()
    {
        using var model = NewModel();
        using var scope = NewDisposeScope();
        var tokens = Tokens(3, 9, 4, 17, 5, 30);
        var positions = Positions(0, 6);
        var logits = model.Logits(tokens, positions)[0];
        // Token i+1's loss is predicted at i; the first token is never predicted, so its weight plays no part.
        var each = Enumerable.Range(0, 5).Select(i => -logits[i].log_softmax(-1)[tokens[0, i + 1]].item<float>()).ToArray();
        float[] w = [100, 1, 2, 0, 1, 4];

        float weighted = model.Loss(tokens, positions, tensor(w, [1, 6])).item<float>();
        float uniform = model.Loss(tokens, positions, ones(1, 6)).item<float>();

        Assert.Equal((each[0] + 2 * each[1] + 0 * each[2] + each[3] + 4 * each[4]) / 8, weighted, 4);
        Assert.Equal(model.Loss(tokens, positions).item<float>(), uniform, 5);
        Assert.Equal(each.Average(), uniform, 4);
    }

    [Fact]
    public void Parameters_use_hugging_face_names()
    {
        using var model = NewModel(Small with { TieWordEmbeddings = false });
        var names = model.named_parameters().Select(p => p.name).ToHashSet();
        Assert.Contains("model.embed_tokens.weight", names);
        Assert.Contains("model.layers.1.self_attn.k_proj.weight", names);
        Assert.Contains("model.layers.0.mlp.gate_proj.weight", names);
        Assert.Contains("model.layers.0.post_attention_layernorm.weight", names);
        Assert.Contains("model.norm.weight", names);
        Assert.Contains("lm_head.weight", names);
        Assert.Equal(2 * 9 + 3, names.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Gradient_checkpointing_gives_the_same_loss_and_gradients(int smearTaps)
    {
        using var scope = NewDisposeScope();
        using var model = NewModel(Small with { SmearTaps = smearTaps });
        var tokens = Tokens(3, 9, 14, 2, 30, 7, 7, 21, 5, 11, 38, 1);
        var positions = Positions(0, 12);
        float[] Gradients(bool checkpointing)
        {
            model.GradientCheckpointing = checkpointing;
            model.zero_grad();
            using var loss = model.Loss(tokens, positions);
            loss.backward();
            return [loss.item<float>(), .. model.parameters().SelectMany(p => p.grad!.data<float>().ToArray())];
        }
        var plain = Gradients(false);
        var checkpointed = Gradients(true);
        Assert.Contains(plain.Skip(1), g => g != 0);
        Assert.Equal(plain.Length, checkpointed.Length);
        for (int i = 0; i < plain.Length; i++) Assert.Equal(plain[i], checkpointed[i], 1e-6f);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_training_step_leaves_no_tensors_per_layer_in_its_scope(bool checkpointing)
    {
        // A tensor left in the step's scope lives to the step's end; one per layer is memory the plan cannot see.
        int LeftInScope(int layers)
        {
            using var model = NewModel(Small with { NumLayers = layers, SmearTaps = 4 });
            model.GradientCheckpointing = checkpointing;
            model.train();
            using var scope = NewDisposeScope();
            using var tokens = Tokens(3, 9, 14, 2, 30, 7, 7, 21);
            using var positions = Positions(0, 8);
            using var loss = model.Loss(tokens, positions);
            loss.backward();
            return scope.DisposablesCount;
        }
        Assert.Equal(LeftInScope(1), LeftInScope(4));
    }

    [Fact]
    public void Bf16_autocast_computes_in_bfloat16_and_keeps_float32_weights_and_gradients()
    {
        using var scope = NewDisposeScope();
        using var model = NewModel(Small with { SmearTaps = 4 });
        var tokens = Tokens(3, 9, 14, 2, 30, 7, 7, 21, 5, 11, 38, 1);
        var positions = Positions(0, 12);
        (float Loss, Tensor Gradients) Step(ScalarType? precision)
        {
            model.zero_grad();
            Tensor loss;
            using (Autocast.Region(precision)) loss = model.Loss(tokens, positions);
            loss.backward();
            Assert.All(model.parameters(), p => Assert.Equal((ScalarType.Float32, ScalarType.Float32), (p.dtype, p.grad!.dtype)));
            return (loss.item<float>(), cat(model.parameters().Select(p => p.grad!.flatten()).ToList()));
        }
        var (exact, exactGradients) = Step(null);
        var (mixed, mixedGradients) = Step(ScalarType.BFloat16);
        Assert.NotEqual(exact, mixed);                      // the projections did run in bfloat16
        Assert.Equal(exact, mixed, exact * 0.01f);          // bfloat16 keeps about three significant digits
        double cosine = (exactGradients * mixedGradients).sum().item<float>() / (exactGradients.norm().item<float>() * mixedGradients.norm().item<float>());
        Assert.InRange(cosine, 0.99, 1.0001);
        Assert.Null(Autocast.Current);                      // the region ended with its block
    }

    [Fact]
    public void A_checkpointed_layer_is_recomputed_in_the_precision_of_its_forward_pass()
    {
        using var scope = NewDisposeScope();
        using var model = NewModel();
        var tokens = Tokens(3, 9, 14, 2, 30, 7, 7, 21, 5, 11, 38, 1);
        var positions = Positions(0, 12);
        float[] Gradients(bool checkpointing)
        {
            model.GradientCheckpointing = checkpointing;
            model.zero_grad();
            Tensor loss;
            using (Autocast.Region(ScalarType.BFloat16)) loss = model.Loss(tokens, positions);
            loss.backward();   // outside the region, as a trainer calls it
            return [.. model.parameters().SelectMany(p => p.grad!.data<float>().ToArray())];
        }
        var plain = Gradients(false);
        var checkpointed = Gradients(true);
        for (int i = 0; i < plain.Length; i++) Assert.Equal(plain[i], checkpointed[i], 1e-6f);
    }
}
