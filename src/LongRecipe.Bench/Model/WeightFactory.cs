using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>
/// How <see cref="Llama"/>'s projections and embedding get their first values: drawn (a new model, from the global
/// generator TorchRuntime seeds) or, for projections, left unset for a loader that overwrites every one (a checkpoint, a
/// copy). Building a 1.24B-parameter bf16 model here took 14.5–16.8 s drawn, 6.8–8.0 s with its projections unset (the
/// embedding's draw is most of the rest).
/// </summary>
internal sealed record WeightFactory(ScalarType DType, bool Initialise)
{
    public Linear Linear(long inputs, long outputs, bool bias) => Initialise
        ? nn.Linear(inputs, outputs, hasBias: bias, dtype: DType)
        : nn.Linear(new Parameter(empty(outputs, inputs, dtype: DType)), bias ? new Parameter(empty(outputs, dtype: DType)) : null);

    /// <summary>Always drawn: TorchSharp's Embedding_from_pretrained computes with another tensor than the parameter it registers.</summary>
    public Embedding Embedding(long vocabulary, long hidden)
    {
        var embedding = nn.Embedding(vocabulary, hidden, dtype: DType);
        using (no_grad()) nn.init.normal_(embedding.weight!, 0, 0.02);
        return embedding;
    }
}
