namespace LongRecipe.Bench.Corpus;

/// <summary>
/// The long-range dependencies a document can carry. Each is stated once and recalled later; only the recalled
/// value tokens are annotated, since the template words around them are predictable from local context.
/// </summary>
[Flags]
public enum PlantedKinds
{
    None = 0,

    /// <summary>
    /// A RULER needle stated once — "one of the special magic numbers for apple is : 4 7 2 1 ." — and later asked for in
    /// RULER's words: "what is the special magic number for apple mentioned in the text above ? the special magic number
    /// for apple mentioned in the text above is : 4 7 2 1 ." The answer's digits are annotated.
    /// </summary>
    KeyValue = 1,

    /// <summary>
    /// "var apple = 4 7 2 ." … "var horse = var apple ." (1+ hops) … "var horse is 4 7 2 ." The query names the last
    /// variable of the chain; its digits are annotated with the original value's digits (the earliest tokens needed).
    /// </summary>
    VariableChain = 2,

    /// <summary>"alice lives in paris ." … "where does alice live ? paris ." The answered place is annotated.</summary>
    EntityFact = 4,

    /// <summary>
    /// "remember gamma tau alpha rho …  ." … later the identical sentence: a passage of distinct code words (used nowhere
    /// else) copied verbatim. Each copied word after the first (which names the passage) is annotated. Dense copy signal of this kind is
    /// what lets a small model form induction heads within a few minutes of pretraining; it is not part of <see cref="All"/>.
    /// </summary>
    Passage = 8,
    All = KeyValue | VariableChain | EntityFact,
}
