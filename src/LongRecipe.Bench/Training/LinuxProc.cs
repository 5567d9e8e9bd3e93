using System.Globalization;

namespace LongRecipe.Bench.Training;

/// <summary>Reads "Field:   N kB" lines of Linux's /proc files (status, meminfo).</summary>
internal static class LinuxProc
{
    /// <summary>The field's value in bytes; null off Linux or when the field is absent.</summary>
    public static long? Bytes(string file, string field)
    {
        if (!File.Exists(file)) return null;
        foreach (var line in File.ReadLines(file))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return null;
    }
}
