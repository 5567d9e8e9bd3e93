using System.Text;

namespace LongRecipe.Bench.Suites;

/// <summary>
/// Seeds derived from (suite seed, task, length, index) with FNV-1a, so any single sample can be regenerated alone and
/// adding a task or a length never shifts the seeds of the others.
/// </summary>
public static class SampleSeeds
{
    public static int For(int suiteSeed, string task, int length, int index)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes($"{suiteSeed}|{task}|{length}|{index}"))
        {
            hash ^= b;
            hash *= 16777619;
        }
        return (int)(hash & 0x7fffffff);
    }
}
