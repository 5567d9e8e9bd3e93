using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>
/// Gradient checkpointing of one decoder layer (the reentrant kind): the forward pass keeps only the layer's input, not
/// its activations; the backward pass runs the layer again with gradients on and back-propagates through that. Activation
/// memory per layer falls to one hidden state per token, for about one more forward pass of compute.
/// </summary>
internal sealed class LayerCheckpoint : autograd.SingleTensorFunction<LayerCheckpoint>
{
    public override string Name => nameof(LayerCheckpoint);

    /// <summary>The layer's output for <paramref name="input"/>, its activations dropped.</summary>
    public static Tensor Apply(Func<Tensor, Tensor> layer, Tensor input) => apply(input, layer);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (input, layer) = ((Tensor)vars[0], (Func<Tensor, Tensor>)vars[1]);
        ctx.save_for_backward([input]);
        ctx.save_data("layer", layer);
        using (no_grad()) return layer(input);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var layer = (Func<Tensor, Tensor>)ctx.get_data("layer");
        using var input = ctx.get_saved_variables()[0].detach().requires_grad_(true);
        using (enable_grad())
        {
            using var output = layer(input);
            output.backward([gradOutput]);   // parameter gradients accumulate here, as in one uncheckpointed pass
        }
        return [input.grad!.clone(), null!];
    }
}
