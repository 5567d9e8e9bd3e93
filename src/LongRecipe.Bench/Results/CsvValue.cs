using System.Globalization;

namespace LongRecipe.Bench.Results;

/// <summary>Text of one CSV field and back, always in the invariant culture and round-trippable.</summary>
internal static class CsvValue
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Format(object value) => value switch
    {
        double d => d.ToString("R", Invariant), // shortest text that parses back to the same bits ("NaN", "Infinity" too)
        float f => f.ToString("R", Invariant),
        bool b => b ? "true" : "false",
        DateTime t => t.ToString("O", Invariant),
        DateTimeOffset t => t.ToString("O", Invariant),
        IFormattable formattable => formattable.ToString(null, Invariant),
        _ => value.ToString() ?? "",
    };

    /// <summary>Parses <paramref name="text"/> as <paramref name="type"/>; an empty field is null for nullable types.</summary>
    public static object? Parse(string text, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return text.Length == 0 ? null : Parse(text, underlying);
        }
        if (type == typeof(string))
        {
            return text;
        }
        if (type == typeof(double))
        {
            return double.Parse(text, NumberStyles.Float, Invariant);
        }
        if (type == typeof(float))
        {
            return float.Parse(text, NumberStyles.Float, Invariant);
        }
        if (type == typeof(bool))
        {
            return bool.Parse(text);
        }
        if (type.IsEnum)
        {
            return Enum.TryParse(type, text, ignoreCase: false, out var value) ? value : throw new FormatException($"'{text}' is not a {type.Name}");
        }
        if (type == typeof(DateTime))
        {
            return DateTime.Parse(text, Invariant, DateTimeStyles.RoundtripKind);
        }
        if (type == typeof(DateTimeOffset))
        {
            return DateTimeOffset.Parse(text, Invariant, DateTimeStyles.RoundtripKind);
        }
        try
        {
            return Convert.ChangeType(text, type, Invariant); // integers and the other IConvertible types
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException)
        {
            throw new FormatException($"'{text}' is not a {type.Name}", e);
        }
    }
}
