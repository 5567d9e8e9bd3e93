namespace LongRecipe.Bench.Suites;

/// <summary>Binary search for the largest size whose token count fits, for tasks whose filler is not a prefix-stable stream.</summary>
internal static class LengthSearch
{
    /// <summary>
    /// Largest n in [<paramref name="low"/>, <paramref name="high"/>] with tokens(n) ≤ budget; tokens must be non-decreasing in n.
    /// Throws when even <paramref name="low"/> does not fit.
    /// </summary>
    public static int LargestFitting(int low, int high, Func<int, int> tokens, int budget, string task, int length, string unit)
    {
        int lowTokens = tokens(low);
        if (lowTokens > budget)
            throw new PromptDoesNotFitException(task, length, $"the smallest prompt ({low} {unit}) needs {lowTokens} tokens but only {budget} are available");
        int best = low, lo = low + 1, hi = high;
        while (lo <= hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (tokens(mid) <= budget) { best = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return best;
    }
}
