namespace LongRecipe.Bench.Suites;

/// <summary>
/// Filler units chosen to occupy an exact number of tokens: as many whole units as fit, then the first tokens of the
/// next unit as a tail (RULER also cuts its essay haystack mid-sentence). Inserts (needles, statements, gold documents)
/// go between whole units, never inside one and never after the tail.
/// </summary>
internal sealed class HaystackFill
{
    readonly IReadOnlyList<int[]> _units;
    readonly int[] _tail;
    readonly int[] _offsets; // _offsets[b] = filler tokens before boundary b (b = 0..units)

    HaystackFill(IReadOnlyList<int[]> units, int[] tail)
    {
        _units = units;
        _tail = tail;
        _offsets = new int[units.Count + 1];
        for (int i = 0; i < units.Count; i++) _offsets[i + 1] = _offsets[i] + units[i].Length;
    }

    public int UnitCount => _units.Count;

    public int TotalTokens => _offsets[^1] + _tail.Length;

    /// <summary>
    /// Takes units in order until exactly <paramref name="tokens"/> are covered. The count of whole units is the largest
    /// whose prefix sum fits, found in one pass (each unit tokenized once), so fitting is linear in the length.
    /// </summary>
    public static HaystackFill Take(IEnumerable<int[]> units, int tokens, string task, int length)
    {
        if (tokens < 0) throw new PromptDoesNotFitException(task, length, $"the fixed parts of the prompt are {-tokens} tokens too long");
        var whole = new List<int[]>();
        int used = 0;
        if (tokens == 0) return new HaystackFill(whole, []);
        foreach (int[] unit in units)
        {
            if (unit.Length == 0) throw new InvalidOperationException($"{task}: the haystack source produced an empty unit");
            if (used + unit.Length <= tokens)
            {
                whole.Add(unit);
                used += unit.Length;
                if (used == tokens) return new HaystackFill(whole, []);
            }
            else return new HaystackFill(whole, unit[..(tokens - used)]);
        }
        throw new PromptDoesNotFitException(task, length, $"the haystack source ran out after {used} of {tokens} filler tokens");
    }

    /// <summary>The boundary whose filler offset is nearest to <paramref name="depth"/> (0..1) of the whole units.</summary>
    public int BoundaryAtDepth(double depth)
    {
        double target = depth * _offsets[^1];
        int best = 0;
        for (int b = 1; b < _offsets.Length; b++)
            if (Math.Abs(_offsets[b] - target) < Math.Abs(_offsets[best] - target)) best = b;
        return best;
    }

    /// <summary>
    /// Appends units and inserts to <paramref name="prompt"/>; inserts sharing a boundary keep their list order.
    /// Returns the start index of each insert, in the order given.
    /// </summary>
    public int[] AppendTo(PromptBuilder prompt, IReadOnlyList<(int Boundary, int[] Tokens)> inserts)
    {
        var starts = new int[inserts.Count];
        var order = Enumerable.Range(0, inserts.Count).OrderBy(i => inserts[i].Boundary).ThenBy(i => i).ToArray();
        int next = 0;
        for (int b = 0; b <= _units.Count; b++)
        {
            while (next < order.Length && inserts[order[next]].Boundary == b)
            {
                starts[order[next]] = prompt.Append(inserts[order[next]].Tokens);
                next++;
            }
            if (b < _units.Count) prompt.Append(_units[b]);
        }
        if (next != order.Length) throw new ArgumentOutOfRangeException(nameof(inserts), "an insert boundary is past the last unit");
        prompt.Append(_tail);
        return starts;
    }
}
