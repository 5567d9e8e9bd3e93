namespace LongRecipe.Bench.Recipe;

/// <summary>Uniform random weak compositions: ways to split a total into ordered non-negative parts.</summary>
internal static class RandomComposition
{
    /// <summary>
    /// <paramref name="parts"/> non-negative integers summing to <paramref name="total"/>, every composition equally likely
    /// (stars and bars: parts − 1 bars placed among total + parts − 1 cells, drawn with Floyd's sampling).
    /// </summary>
    public static int[] Uniform(int total, int parts, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        int cells = total + parts - 1, bars = parts - 1;
        var chosen = new HashSet<int>(bars);
        for (int j = cells - bars; j < cells; j++)
        {
            int t = random.Next(0, j + 1);
            chosen.Add(chosen.Contains(t) ? j : t);
        }
        var sortedBars = chosen.ToArray();
        Array.Sort(sortedBars);

        var result = new int[parts];
        int previous = -1;
        for (int i = 0; i < bars; i++)
        {
            result[i] = sortedBars[i] - previous - 1;
            previous = sortedBars[i];
        }
        result[parts - 1] = cells - 1 - previous;
        return result;
    }
}
