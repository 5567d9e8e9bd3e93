using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>
/// Tiny-scale stand-in for SQuAD / HotpotQA: a small consistent world of people (where each lives, what each keeps, whom
/// each visits) told as short documents. One hop asks where a person lives; two hops ask where the person that X
/// visits lives, with a distractor document giving X's own home as a trap.
/// </summary>
internal sealed class SyntheticQa
{
    readonly string[] _people;
    readonly Dictionary<string, string> _home = new(), _keeps = new(), _visits = new();
    readonly Random _random;

    public SyntheticQa(Random random, int hops)
    {
        _random = random;
        _people = TaskText.Sample(random, Lexicon.Names, Lexicon.Names.Length);
        foreach (string person in _people)
        {
            _home[person] = Pick(Lexicon.Places);
            _keeps[person] = $"{Pick(Lexicon.Adjectives)} {Pick(Lexicon.Nouns)}";
            string other;
            do other = Pick(_people); while (other == person); // 30 people: ends after a draw or two
            _visits[person] = other;
        }
        string target = _people[0];
        if (hops == 1)
        {
            Question = $"Where does {target} live?";
            Answer = _home[target];
            Gold = [Document(target, home: true, visits: true)];
            return;
        }
        string bridge = _people[1];
        _visits[target] = bridge;
        while (_home[target] == _home[bridge]) _home[target] = Pick(Lexicon.Places); // the trap must point elsewhere
        Question = $"Where does the one that {target} visits live?";
        Answer = _home[bridge];
        Gold = [Document(target, home: false, visits: true), Document(bridge, home: true, visits: true)];
        _trap = $"{target} lives in {_home[target]}.";
    }

    readonly string? _trap;

    public string Question { get; }
    public string Answer { get; }
    public IReadOnlyList<string> Gold { get; }

    /// <summary>Endless distractor documents about everyone except the people the question is about.</summary>
    public IEnumerable<string> Distractors()
    {
        if (_trap is not null) yield return _trap;
        int first = Gold.Count;
        while (true) yield return Document(_people[first + _random.Next(_people.Length - first)], home: true, visits: true);
    }

    string Document(string person, bool home, bool visits)
    {
        var sentences = new List<string>();
        if (home) sentences.Add($"{person} lives in {_home[person]}.");
        sentences.Add($"{person} keeps a {_keeps[person]}.");
        if (visits) sentences.Add($"{person} visits {_visits[person]} {Pick(Lexicon.Adverbs)}.");
        _random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sentences));
        return string.Join(" ", sentences);
    }

    string Pick(IReadOnlyList<string> items) => items[_random.Next(items.Count)];
}
