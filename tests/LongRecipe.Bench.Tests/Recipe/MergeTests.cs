using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Tests.Model;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Recipe;

public sealed class MergeTests
{
    static byte[] Bits(Tensor t) => t.contiguous().bytes.ToArray();

    static (Llama Extended, Llama Original) Parents()
    {
        TorchRuntime.Configure(1);
        var extended = TorchRuntime.NewModel(LlamaTests.Small, 1, CPU);
        var original = TorchRuntime.NewModel(LlamaTests.Small, 2, CPU);
        using (no_grad()) extended.parameters().First().view(-1)[0] = -0.0f;   // −0.0 + 0.0 would lose its sign
        return (extended, original);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Alpha_at_an_endpoint_reproduces_that_parent_bit_exactly(double alpha)
    {
        var (extended, original) = Parents();
        using (extended) using (original)
        using (var merged = Merge.Interpolate(extended, original, alpha))
        {
            var parent = alpha == 1 ? extended : original;
            foreach (var ((name, m), (_, p)) in merged.named_parameters().Zip(parent.named_parameters()))
                Assert.True(Bits(m).SequenceEqual(Bits(p)), name);
        }
    }

    [Fact]
    public void Alpha_between_mixes_every_parameter_linearly()
    {
        var (extended, original) = Parents();
        using (extended) using (original)
        using (var merged = Merge.Interpolate(extended, original, 0.25))
            foreach (var ((name, m), ((_, e), (_, o))) in merged.named_parameters().Zip(extended.named_parameters().Zip(original.named_parameters())))
                Assert.True(m.allclose(0.25 * e + 0.75 * o, rtol: 0, atol: 1e-7), name);
    }

    [Fact]
    public void Alpha_outside_the_unit_interval_is_refused()
    {
        var (extended, original) = Parents();
        using (extended) using (original)
            Assert.Throws<ArgumentOutOfRangeException>(() => Merge.Interpolate(extended, original, 1.5));
    }
}
