using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.General;

/// <summary>
/// Deterministic tiny-scale multiple choice: a few "x lives in y." facts, then "where does x live?" with four city
/// choices (the right one among three others from the facts or the lexicon). City names differ in length, so acc and
/// acc_norm can disagree, as they do on real benchmarks.
/// </summary>
public static class SyntheticChoices
{
    public static IReadOnlyList<ChoiceItem> Generate(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Item(random)).ToArray();
    }

    public static ChoiceItem Item(Random random)
    {
        var people = TaskText.Sample(random, Lexicon.Names, 3);
        var places = TaskText.Sample(random, Lexicon.Places, 4);
        int asked = random.Next(people.Length);
        string facts = string.Join(" ", people.Select((p, i) => $"{p} lives in {places[i]}."));
        var choices = places.ToArray();
        random.Shuffle(choices);
        return new ChoiceItem($"{facts} Where does {people[asked]} live?", choices, Array.IndexOf(choices, places[asked]));
    }
}
