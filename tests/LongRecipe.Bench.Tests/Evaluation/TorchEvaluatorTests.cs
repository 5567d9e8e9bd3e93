using LongRecipe.Bench.Evaluation;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Tests.Model;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Evaluation;

/// <summary>A Hugging Face model's BOS goes in front of every request, is never scored, and does not use up the length budget.</summary>
public sealed class TorchEvaluatorTests
{
    const int Bos = 1;

    [Fact]
    public void Start_tokens_precede_every_request_and_are_not_scored()
    {
        TorchRuntime.Configure(9);
        using var model = TorchRuntime.NewModel(LlamaTests.Small, 9, CPU);
        var plain = new TorchEvaluator(model, 17);
        var withStart = new TorchEvaluator(model, 16, [Bos]);
        int[] text = [5, 9, 12, 7, 3, 30, 2, 8, 11, 4, 6, 13, 17, 21, 25, 29];   // the whole budget: BOS must not count against it

        Assert.Equal(plain.NextTokenLogProbs([[Bos, .. text]])[0][1..], withStart.NextTokenLogProbs([text])[0]);
        Assert.Equal(text.Length - 1, withStart.NextTokenLogProbs([text])[0].Length);
        Assert.Equal(plain.LogLikelihood([([Bos, 5, 9], [12, 7])]), withStart.LogLikelihood([([5, 9], [12, 7])]));
        var stop = new HashSet<int>();
        Assert.Equal(new TorchEvaluator(model, 20).Generate([[Bos, 5, 9, 12]], 4, stop), withStart.Generate([[5, 9, 12]], 4, stop));
        Assert.NotEqual(plain.NextTokenLogProbs([text])[0], withStart.NextTokenLogProbs([text])[0]);
    }
}
