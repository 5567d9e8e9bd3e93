namespace LongRecipe.Bench.Recipe;

/// <summary>
/// Mixing replay (general) data into an extension stage. The sequential replay stage of LongRecipe needs nothing here: it is
/// an ordinary training stage whose selector reads the replay data.
/// </summary>
public static class Replay
{
    /// <summary>round(ratio × count), midpoints away from zero: the exact number of replay blocks among <paramref name="count"/>.</summary>
    public static int ReplayCount(int count, double ratio)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (ratio is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "must be in [0, 1]");
        return (int)Math.Round(ratio * count, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Which of <paramref name="count"/> slots hold replay data: exactly <see cref="ReplayCount"/> of them, one drawn
    /// uniformly from each of that many equal strata, so replay is spread through the stage rather than bunched.
    /// </summary>
    public static bool[] ReplaySlots(int count, double ratio, Random random)
    {
        int replay = ReplayCount(count, ratio);
        var slots = new bool[count];
        for (int k = 0; k < replay; k++)
        {
            int from = (int)((long)k * count / replay), to = (int)((long)(k + 1) * count / replay);
            slots[random.Next(from, to)] = true;
        }
        return slots;
    }

    /// <summary>
    /// <paramref name="count"/> blocks: replay slots take <paramref name="replay"/> blocks in order (cycling when the pool is
    /// shorter), the other slots take <paramref name="extension"/> blocks in order.
    /// </summary>
    public static IReadOnlyList<T> Mix<T>(IReadOnlyList<T> extension, IReadOnlyList<T> replay, double ratio, int count, Random random)
    {
        var slots = ReplaySlots(count, ratio, random);
        int replayNeeded = slots.Count(s => s);
        if (count - replayNeeded > extension.Count)
            throw new ArgumentException($"{count - replayNeeded} extension blocks needed, {extension.Count} given", nameof(extension));
        if (replayNeeded > 0 && replay.Count == 0)
            throw new ArgumentException($"{replayNeeded} replay blocks needed, none given", nameof(replay));

        var mixed = new T[count];
        int nextExtension = 0, nextReplay = 0;
        for (int i = 0; i < count; i++)
            mixed[i] = slots[i] ? replay[nextReplay++ % replay.Count] : extension[nextExtension++];
        return mixed;
    }
}
