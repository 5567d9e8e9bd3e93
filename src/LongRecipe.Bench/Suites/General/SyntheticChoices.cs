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
        return Enumerable.Range(0, count).Select(i => Item(random, out _)).ToArray();
    }

    /// <summary>An item's facts with every person's question (the item's own first), for training drills.</summary>
    public static ShortTaskText Drill(Random random)
    {
        var item = Item(random, out var people);
        string facts = item.Question[..item.Question.LastIndexOf(" Where does ", StringComparison.Ordinal)];
        string asked = item.Choices[item.Answer];
        return new ShortTaskText(facts + " ", [.. people.OrderBy(p => p.Place != asked)
            .Select(p => (MultipleChoice.Context(item with { Question = $"Where does {p.Person} live?" }), p.Place))]);
    }

    static ChoiceItem Item(Random random, out (string Person, string Place)[] residents)
    {
        var people = TaskText.Sample(random, Lexicon.Names, 3);
        var places = TaskText.Sample(random, Lexicon.Places, 4);
        int asked = random.Next(people.Length);
        string facts = string.Join(" ", people.Select((p, i) => $"{p} lives in {places[i]}."));
        var choices = places.ToArray();
        random.Shuffle(choices);
        residents = [.. people.Select((p, i) => (p, places[i]))];
        return new ChoiceItem($"{facts} Where does {people[asked]} live?", choices, Array.IndexOf(choices, places[asked]));
    }
}
