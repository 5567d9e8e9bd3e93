using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>
/// How <see cref="Llama"/>'s projections and embedding get their first values: drawn (a new model, from the global
/// generator TorchRuntime seeds) or, for projections, left unset for a loader that overwrites every one (a checkpoint, a
/// copy). Building a 1.24B-parameter bf16 model here took 14.5–17.5 s drawn, 1.6–1.8 s to be filled.
/// </summary>
internal sealed record WeightFactory(ScalarType DType, bool Initialise)
{
    public Linear Linear(long inputs, long outputs, bool bias) => Initialise
        ? nn.Linear(inputs, outputs, hasBias: bias, dtype: DType)
        : nn.Linear(new Parameter(empty(outputs, inputs, dtype: DType)), bias ? new Parameter(empty(outputs, dtype: DType)) : null);

    /// <summary>
    /// TorchSharp's Embedding always draws its table (its Embedding_from_pretrained computes with another tensor than the
    /// parameter it registers), so a model that will be filled still draws it once — under the seed lock, so it cannot
    /// move the draws of a model being seeded on another thread; a new model draws it again at its own scale.
    /// </summary>
    public Embedding Embedding(long vocabulary, long hidden)
    {
        if (!Initialise) lock (TorchRuntime.SeedLock) return nn.Embedding(vocabulary, hidden, dtype: DType);
        var embedding = nn.Embedding(vocabulary, hidden, dtype: DType);
        using (no_grad()) nn.init.normal_(embedding.weight!, 0, 0.02);
        return embedding;
    }
}
