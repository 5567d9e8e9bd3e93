using LongRecipe.Bench.Cli;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Tests.Model;
using LongRecipe.Bench.Training;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Training;

[Collection("Console")]
public sealed class MemoryPlanTests
{
    public static TheoryData<string> Shapes => ["tied", "untied", "qwen2 biases", "smeared", "llama attention bias"];

    static LlamaConfig Shape(string name) => name switch
    {
        "tied" => LlamaTests.Small,
        "untied" => LlamaTests.Small with { TieWordEmbeddings = false },
        "qwen2 biases" => LlamaTests.Small with { ModelType = "qwen2", HeadDimension = 12 },
        "smeared" => LlamaTests.Small with { SmearTaps = 4 },
        _ => LlamaTests.Small with { AttentionBias = true },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Lists_and_counts_the_parameters_the_model_builds_by_name_and_shape(string shape)
    {
        TorchRuntime.Configure(1);
        using var model = TorchRuntime.NewModel(Shape(shape), 1, CPU);
        Assert.Equal(model.ParameterCount(), MemoryPlan.ParameterCount(Shape(shape)));
        Assert.Equal(model.named_parameters().Select(p => (p.name, string.Join("×", p.parameter.shape))),
            Shape(shape).ParameterShapes().Select(p => (p.Name, string.Join("×", p.Shape))));
    }

    static double Part(MemoryPlanInput input, string part) => MemoryPlan.Estimate(input).Single(p => p.Part == part).Bytes;

    [Fact]
    public void Activations_and_logits_grow_with_tokens_and_the_savings_remove_what_they_claim()
    {
        var config = LlamaTests.Small;
        var plain = new MemoryPlanInput(config, 512);
        Assert.Equal(2 * Part(plain, "activations"), Part(plain with { MicroBatch = 2 }, "activations"), 6);
        Assert.Equal(4 * Part(plain, "logits"), Part(plain with { SequenceLength = 2048 }, "logits"), 6);
        Assert.True(Part(plain with { GradientCheckpointing = true }, "activations") < Part(plain, "activations") / 1.5);
        Assert.Equal(0, Part(plain with { Offload = true }, "optimizer"));
        Assert.True(Part(plain with { Offload = true }, "weights") < Part(plain, "weights"));
        Assert.Equal(Part(plain, "weights") / 2, Part(plain with { WeightBytes = 2 }, "weights"), 6);
    }

    [Fact]
    public void Phases_of_the_step_that_do_not_overlap_are_not_added()
    {
        // A large vocabulary makes the loss the largest phase: widening the SwiGLU then adds its weights, moments and
        // kept activations to the total, but not its larger layer-backward phase.
        var narrow = new MemoryPlanInput(LlamaTests.Small with { VocabSize = 50_000 }, 2048);
        var wide = narrow with { Config = narrow.Config with { IntermediateSize = 4 * narrow.Config.IntermediateSize } };
        double Kept(MemoryPlanInput input) => MemoryPlan.Estimate(input).Where(p => !p.Transient).Sum(p => p.Bytes);
        Assert.True(Part(wide, "layer backward") > Part(narrow, "layer backward"));
        Assert.Equal(Kept(narrow) + Part(narrow, "logits"), MemoryPlan.Total(MemoryPlan.Estimate(narrow)), 6);
        Assert.Equal(Kept(wide) - Kept(narrow), MemoryPlan.Total(MemoryPlan.Estimate(wide)) - MemoryPlan.Total(MemoryPlan.Estimate(narrow)), 6);
    }

    [Fact]
    public void Bf16_autocast_halves_the_activations_and_counts_the_cast_projections()
    {
        var config = LlamaTests.Small with { TieWordEmbeddings = false };
        var plain = new MemoryPlanInput(config, 1024);
        var mixed = plain with { ComputeBytes = 2 };
        Assert.InRange(Part(mixed, "activations") / Part(plain, "activations"), 0.5, 0.8);   // norms stay float32
        Assert.Equal(Part(plain, "weights"), Part(mixed, "weights"));                          // float32 weights
        double projections = MemoryPlan.ParameterCount(config) - config.VocabSize * config.HiddenSize - (2 * config.NumLayers + 1) * config.HiddenSize;
        Assert.Equal(2 * projections, Part(mixed, "autocast weights"), 6);
        Assert.DoesNotContain(MemoryPlan.Estimate(plain), p => p.Part == "autocast weights");
        // With checkpointing only the recomputed layer's copies are held, in its phase.
        Assert.DoesNotContain(MemoryPlan.Estimate(mixed with { GradientCheckpointing = true }), p => p.Part == "autocast weights");
        Assert.True(Part(mixed with { GradientCheckpointing = true }, "layer backward") < Part(plain with { GradientCheckpointing = true }, "layer backward"));
    }

    static int Plan(params string[] args)
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try { return App.Run(["plan", .. args]); }
        finally { Console.SetOut(original); }
    }

    [Fact]
    public void The_plan_verb_says_whether_a_run_fits_the_device()
    {
        string llama = Path.Combine(Suites.SuitePaths.Root(), "suites", "models", "llama-3-8b");
        Assert.Equal(CommandErrors.Ok, Plan("--model", llama, "--length", "24000", "--checkpointing", "--offload", "--device-gib", "80"));
        Assert.Equal(CommandErrors.Failed, Plan("--model", llama, "--length", "80000", "--checkpointing", "--offload", "--device-gib", "80"));
        Assert.Equal(CommandErrors.BadInput, Plan("--model", llama, "--length", "1024", "--dtype", "int8"));
    }
}
