using System.Globalization;

namespace LongRecipe.Bench.Suites;

/// <summary>
/// Reads one task's <c>args</c> map into typed values. Every read names its field (e.g. "tasks[2].args.keys") in the
/// error, and <see cref="Finish"/> rejects keys nobody asked for, so a typo never silently falls back to a default.
/// </summary>
public sealed class ArgReader(string file, string field, IReadOnlyDictionary<string, string>? args)
{
    readonly IReadOnlyDictionary<string, string> _args = args ?? new Dictionary<string, string>();
    readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public string File => file;

    public string FieldOf(string key) => $"{field}.{key}";

    public string? Text(string key)
    {
        _read.Add(key);
        return _args.TryGetValue(key, out var value) ? value : null;
    }

    public string Text(string key, string fallback) => Text(key) ?? fallback;

    public int Int(string key, int fallback, int min, int max = int.MaxValue)
    {
        string? text = Text(key);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            throw Bad(key, $"'{text}' is not an integer in [{min}, {max}]");
        return value;
    }

    public double Double(string key, double fallback, double min, double max)
    {
        string? text = Text(key);
        if (text is null) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < min || value > max)
            throw Bad(key, $"'{text}' is not a number in [{min}, {max}]");
        return value;
    }

    public bool Bool(string key, bool fallback)
    {
        string? text = Text(key);
        return text switch
        {
            null => fallback,
            "true" => true,
            "false" => false,
            _ => throw Bad(key, $"'{text}' is not true or false"),
        };
    }

    /// <summary>One of <paramref name="choices"/> (YAML spelling), mapped to its value.</summary>
    public T Choice<T>(string key, T fallback, IReadOnlyDictionary<string, T> choices)
    {
        string? text = Text(key);
        if (text is null) return fallback;
        return choices.TryGetValue(text, out var value)
            ? value
            : throw Bad(key, $"'{text}' is not one of {string.Join(", ", choices.Keys)}");
    }

    public ConfigException Bad(string key, string problem) => new(file, FieldOf(key), problem);

    /// <summary>Throws for the first key that no read asked for.</summary>
    public void Finish()
    {
        foreach (string key in _args.Keys.Order(StringComparer.Ordinal))
            if (!_read.Contains(key))
                throw new ConfigException(file, FieldOf(key), $"unknown argument; known: {string.Join(", ", _read.Order(StringComparer.Ordinal))}");
    }
}
