using System.Globalization;
using System.Reflection;
using System.Text.Json;
using CsvHelper;

namespace LongRecipe.Bench.Results;

/// <summary>
/// CSV tables of plain records: one column per public readable property, in declaration order, headed by the property
/// name in snake_case (CiLow → ci_low), the one naming convention of every table in a run folder. Values are written with the invariant culture (doubles as the shortest text that round-trips), so a table
/// reads back to the same values on any machine. Reading maps columns back by name to a constructor or to setters.
/// </summary>
public static class CsvRecords
{
    private static readonly CsvWriterOptions WriterOptions = new()
    {
        NewLine = "\n", // results live in git; LF keeps diffs clean
        FormatProvider = CultureInfo.InvariantCulture,
    };

    private static readonly CsvReaderOptions ReaderOptions = new() { FormatProvider = CultureInfo.InvariantCulture };

    public static void Write<T>(TextWriter destination, IEnumerable<T> rows)
    {
        var columns = Columns(typeof(T));
        if (columns.Length == 0)
        {
            throw new ArgumentException($"{typeof(T).Name} has no public properties to write as CSV columns");
        }
        using var csv = CsvWriter.Create(destination, WriterOptions, leaveOpen: true);
        csv.WriteHeader(columns.Select(c => ColumnName(c.Name)).ToArray());
        foreach (var row in rows)
        {
            foreach (var column in columns)
            {
                WriteValue(csv, column.GetValue(row));
            }
            csv.EndRecord();
        }
    }

    /// <summary>The header and the fields of every record, as text.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) ReadRows(string path)
    {
        using var csv = CsvReader.FromFile(path, ReaderOptions);
        var rows = new List<IReadOnlyList<string>>();
        while (csv.Read())
        {
            rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        }
        return (csv.Headers.ToArray(), rows);
    }

    /// <summary>
    /// Reads records of <typeparamref name="T"/> through the constructor whose parameters all have columns (positional
    /// records), else through the parameterless constructor and property setters.
    /// </summary>
    public static List<T> Read<T>(string path)
    {
        var (header, rows) = ReadRows(path);
        var columnOf = header.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index, StringComparer.Ordinal);
        var constructor = typeof(T).GetConstructors()
            .Where(c => c.GetParameters().Length > 0 && c.GetParameters().All(p => columnOf.ContainsKey(ColumnName(p.Name!))))
            .MaxBy(c => c.GetParameters().Length);
        if (constructor is null && typeof(T).GetConstructor(Type.EmptyTypes) is null)
            throw new InvalidDataException($"{path}: the header lacks column(s) " +
                string.Join(", ", Columns(typeof(T)).Select(c => ColumnName(c.Name)).Where(c => !columnOf.ContainsKey(c))));
        var records = new List<T>(rows.Count);
        foreach (var (row, rowNumber) in rows.Select((r, i) => (r, i + 1)))
        {
            object? Field(string name, Type type)
            {
                string column = ColumnName(name);
                if (columnOf[column] >= row.Count)
                    throw new InvalidDataException($"{path}: row {rowNumber} has {row.Count} fields, the header {header.Count}");
                try
                {
                    return CsvValue.Parse(row[columnOf[column]], type);
                }
                catch (FormatException e)
                {
                    throw new InvalidDataException($"{path}: row {rowNumber}, column {column}: '{row[columnOf[column]]}' is not a {type.Name}", e);
                }
            }

            records.Add(constructor is not null
                ? (T)constructor.Invoke(constructor.GetParameters().Select(p => Field(p.Name!, p.ParameterType)).ToArray())
                : Populate<T>(path, columnOf, Field));
        }
        return records;
    }

    private static T Populate<T>(string path, Dictionary<string, int> columnOf, Func<string, Type, object?> field)
    {
        var record = Activator.CreateInstance<T>();
        foreach (var property in Columns(typeof(T)))
        {
            if (!columnOf.ContainsKey(ColumnName(property.Name)))
            {
                throw new InvalidDataException($"{path}: {ColumnName(property.Name)}: column missing from the header");
            }
            if (property.CanWrite)
            {
                property.SetValue(record, field(property.Name, property.PropertyType));
            }
        }
        return record;
    }

    /// <summary>The column heading a property (or a constructor parameter of the same name): snake_case.</summary>
    private static string ColumnName(string propertyName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);

    /// <summary>Public instance properties in declaration order (metadata tokens follow source order).</summary>
    private static PropertyInfo[] Columns(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken)
            .ToArray();

    private static void WriteValue(CsvWriter csv, object? value)
    {
        switch (value)
        {
            case null:
                csv.WriteField((string?)null);
                break;
            case string text:
                csv.WriteField(text);
                break;
            default:
                csv.WriteField(CsvValue.Format(value));
                break;
        }
    }
}
