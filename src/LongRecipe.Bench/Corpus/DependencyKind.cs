namespace LongRecipe.Bench.Corpus;

/// <summary>
/// What kind of long-range dependency an annotated token belongs to, so far-token loss can be split by kind: a method
/// trained on a corpus slice that lacks a kind (a copy at a long offset, say) shows it there and nowhere else.
/// </summary>
public enum DependencyKind : byte
{
    None = 0,
    KeyValue,
    VariableChain,
    EntityFact,
    Passage,
    /// <summary>A span of a copy document recurring verbatim (<see cref="CorpusOptions.RepeatShare"/>).</summary>
    Copy,
    /// <summary>A task instance's answer copying its prompt (the suites' task shapes in the training mix).</summary>
    Task,
}

public static class DependencyKinds
{
    /// <summary>The kind's name in results files (the profile's spelling of planted kinds).</summary>
    public static string Name(this DependencyKind kind) => kind switch
    {
        DependencyKind.KeyValue => "key-value",
        DependencyKind.VariableChain => "variable-chain",
        DependencyKind.EntityFact => "entity-fact",
        DependencyKind.Passage => "passage",
        DependencyKind.Copy => "copy",
        DependencyKind.Task => "task",
        _ => "none",
    };

    /// <summary>The dependency kind of a planted fact's recalled tokens.</summary>
    internal static DependencyKind Of(PlantedKinds planted) => planted switch
    {
        PlantedKinds.KeyValue => DependencyKind.KeyValue,
        PlantedKinds.VariableChain => DependencyKind.VariableChain,
        PlantedKinds.EntityFact => DependencyKind.EntityFact,
        PlantedKinds.Passage => DependencyKind.Passage,
        _ => throw new ArgumentOutOfRangeException(nameof(planted), planted, "a single planted kind"),
    };
}
