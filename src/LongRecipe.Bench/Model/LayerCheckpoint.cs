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

    /// <summary>
    /// The input gradient a backward pass hands back must outlive the call (the engine copies it once the call returns)
    /// but not the step. The model holds one: the next layer's backward, or the model's next forward pass, releases it.
    /// A field of the model, not of the thread: on a GPU the engine runs backward on a device thread of its own.
    /// </summary>
    internal sealed class HandedBack : IDisposable
    {
        Tensor? _gradient;

        public Tensor Hold(Tensor gradient)
        {
            Dispose();
            return _gradient = gradient;
        }

        public void Dispose()
        {
            _gradient?.Dispose();
            _gradient = null;
        }
    }

    /// <summary>The layer's output for <paramref name="input"/>, its activations dropped.</summary>
    public static Tensor Apply(Func<Tensor, Tensor> layer, Tensor input, HandedBack handedBack)
    {
        // TorchSharp wraps the output anew and keeps an empty tensor of its shape for gradients that may never arrive;
        // both would otherwise stay in the step's scope, one set per layer. Without materialized gradients that empty
        // tensor is never read (backward below takes a missing gradient as none).
        using var scope = NewDisposeScope();
        return apply(input, layer, handedBack).MoveToOuterDisposeScope();
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (input, layer, handedBack) = ((Tensor)vars[0], (Func<Tensor, Tensor>)vars[1], (HandedBack)vars[2]);
        ctx.set_materialize_grads(false);
        ctx.save_for_backward([input]);
        ctx.save_data("layer", layer);
        ctx.save_data("handed back", handedBack);
        ctx.save_data("autocast", Autocast.Current);   // the backward pass recomputes in the forward's precision
        // The layer's temporaries (views among them) would otherwise live until the step's scope ends: one set per layer.
        using var scope = NewDisposeScope();
        using (no_grad()) return layer(input).MoveToOuterDisposeScope();
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        if (gradOutput.IsInvalid) return [null!, null!, null!];   // the output reached no loss
        var layer = (Func<Tensor, Tensor>)ctx.get_data("layer");
        var handedBack = (HandedBack)ctx.get_data("handed back");
        using var scope = NewDisposeScope();
        using var input = ctx.get_saved_variables()[0].detach().requires_grad_(true);
        using (enable_grad())
        using (Autocast.Region((ScalarType?)ctx.get_data("autocast")))
        {
            using var output = layer(input);
            output.backward([gradOutput]);   // parameter gradients accumulate here, as in one uncheckpointed pass
        }
        // TorchSharp's wrapper would live to the end of its scope (the step's; none on a device thread): not needed now.
        gradOutput.Dispose();
        return [handedBack.Hold(input.grad!.clone().MoveToOuterDisposeScope()), null!, null!];
    }
}
