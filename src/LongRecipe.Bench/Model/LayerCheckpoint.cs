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

    // The input gradient handed back must outlive backward (the engine copies it after the call returns) but not the
    // step: the next layer's backward releases it, so one is held at a time instead of one per layer.
    [ThreadStatic] static Tensor? _handedBack;

    /// <summary>The layer's output for <paramref name="input"/>, its activations dropped.</summary>
    public static Tensor Apply(Func<Tensor, Tensor> layer, Tensor input)
    {
        // TorchSharp wraps the output anew and keeps an empty tensor of its shape for gradients that never arrive (every
        // layer's output reaches the loss here); both would otherwise stay in the step's scope, one set per layer.
        using var scope = NewDisposeScope();
        return apply(input, layer).MoveToOuterDisposeScope();
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (input, layer) = ((Tensor)vars[0], (Func<Tensor, Tensor>)vars[1]);
        ctx.save_for_backward([input]);
        ctx.save_data("layer", layer);
        ctx.save_data("autocast", Autocast.Current);   // the backward pass recomputes in the forward's precision
        // The layer's temporaries (views among them) would otherwise live until the step's scope ends: one set per layer.
        using var scope = NewDisposeScope();
        using (no_grad()) return layer(input).MoveToOuterDisposeScope();
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var layer = (Func<Tensor, Tensor>)ctx.get_data("layer");
        _handedBack?.Dispose();
        using var scope = NewDisposeScope();
        using var input = ctx.get_saved_variables()[0].detach().requires_grad_(true);
        using (enable_grad())
        using (Autocast.Region((ScalarType?)ctx.get_data("autocast")))
        {
            using var output = layer(input);
            output.backward([gradOutput]);   // parameter gradients accumulate here, as in one uncheckpointed pass
        }
        gradOutput.Dispose();   // TorchSharp wraps it in the step's scope, which would keep it to the step's end
        _handedBack = input.grad!.clone().MoveToOuterDisposeScope();
        return [_handedBack, null!];
    }
}
