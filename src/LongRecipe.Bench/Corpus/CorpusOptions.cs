using System.Globalization;

namespace LongRecipe.Bench.Corpus;

/// <summary>Knobs of the synthetic corpus. Defaults suit a ~3M-parameter model pretrained at a 128-token window.</summary>
/// <param name="Kinds">Which long-range dependencies are planted.</param>
/// <param name="EvidenceShare">Target share of tokens annotated as long-range dependent, in any document length. Planted
/// sentences cost ~7.5 tokens per annotated token and may fill at most 60% of a document, so about 0.08 is the most reached.</param>
/// <param name="MinRecallGap">Least filler tokens between a statement and its recall (fewer only when the document has less filler).</param>
/// <param name="MinDigits">Shortest number value, in digits.</param>
/// <param name="MaxDigits">Longest number value, in digits.</param>
/// <param name="MaxChainHops">Most reassignments in a variable chain (at least one).</param>
/// <param name="TopicWordCount">Nouns per document that recur as its topic.</param>
/// <param name="TopicWordRate">Probability that a filler noun is one of the document's topic nouns.</param>
/// <param name="RepeatShare">Share of documents that are random words in which earlier spans recur verbatim (0 = none).</param>
public sealed record CorpusOptions(
    PlantedKinds Kinds = PlantedKinds.All,
    double EvidenceShare = 0.05,
    int MinRecallGap = 12,
    int MinDigits = 3,
    int MaxDigits = 5,
    int MaxChainHops = 2,
    int TopicWordCount = 2,
    double TopicWordRate = 0.3,
    double RepeatShare = 0)
{
    /// <summary>Throws one ArgumentException naming the first field out of range.</summary>
    internal void Validate()
    {
        Require(Kinds is >= PlantedKinds.None and <= (PlantedKinds.All | PlantedKinds.Passage), nameof(Kinds), "a combination of PlantedKinds flags", Kinds);
        Require(EvidenceShare is >= 0 and <= 0.5, nameof(EvidenceShare), "in [0, 0.5]", EvidenceShare);
        Require(MinRecallGap >= 0, nameof(MinRecallGap), ">= 0", MinRecallGap);
        Require(MinDigits is >= 1 and <= 9, nameof(MinDigits), "in [1, 9]", MinDigits);
        Require(MaxDigits >= MinDigits && MaxDigits <= 9, nameof(MaxDigits), "in [MinDigits, 9]", MaxDigits);
        Require(MaxChainHops is >= 1 and <= 8, nameof(MaxChainHops), "in [1, 8]", MaxChainHops);
        Require(TopicWordCount is >= 0 and <= 10, nameof(TopicWordCount), "in [0, 10]", TopicWordCount);
        Require(TopicWordRate is >= 0 and <= 1, nameof(TopicWordRate), "in [0, 1]", TopicWordRate);
        Require(RepeatShare is >= 0 and <= 1, nameof(RepeatShare), "in [0, 1]", RepeatShare);
    }

    static void Require(bool ok, string field, string expected, object actual)
    {
        if (!ok)
            throw new ArgumentException(
                $"CorpusOptions.{field} must be {expected}, got {Convert.ToString(actual, CultureInfo.InvariantCulture)}.", field);
    }
}
