using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace LongRecipe.Bench;

/// <summary>
/// The one strict YAML binding of every input file (profiles, suites, methods): snake_case keys, unknown and duplicate
/// keys rejected, and any YAML or type error turned into one <see cref="ConfigException"/> naming the file, the line and
/// the field.
/// </summary>
public static partial class YamlConfig
{
    static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .Build();

    public static T Load<T>(string path) where T : class
    {
        if (!File.Exists(path)) throw new ConfigException(path, "(file)", "not found");
        return Parse<T>(File.ReadAllText(path), path);
    }

    /// <summary>The document as one YAML mapping node (for a shape check before binding); anything else is the file's error.</summary>
    public static YamlMappingNode Mapping(string yaml, string file, string expected)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigException(file, $"line {e.Start.Line}, column {e.Start.Column}", $"not valid YAML: {WithoutPosition(Innermost(e).Message)}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)   // YamlDotNet on some malformed input (found by fuzzing)
        {
            throw new ConfigException(file, "(document)", $"not valid YAML: {e.Message}");
        }
        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new ConfigException(file, "(document)", $"expected one YAML mapping ({expected})");
    }

    /// <param name="fieldAt">Names the field at a position, when the caller knows the document's shape (method files).</param>
    public static T Parse<T>(string yaml, string file, Func<Mark, string?>? fieldAt = null) where T : class
    {
        try
        {
            return Deserializer.Deserialize<T>(yaml) ?? throw new ConfigException(file, "(document)", "is empty");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)   // YamlDotNet on some malformed input (found by fuzzing)
        {
            throw new ConfigException(file, "(document)", $"not valid YAML: {e.Message}");
        }
        catch (YamlException e)
        {
            string message = Innermost(e).Message.Split('\n')[0];
            var unknown = UnknownProperty().Match(message);
            string field = unknown.Success ? unknown.Groups[1].Value : fieldAt?.Invoke(e.Start) ?? $"line {e.Start.Line}";
            string problem = unknown.Success ? $"unknown key (line {e.Start.Line})" : $"cannot read value: {WithoutPosition(message)}";
            throw new ConfigException(file, field, problem);
        }
    }

    /// <summary>The root cause: YamlDotNet wraps conversion errors, whose own text says what was wrong.</summary>
    static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    /// <summary>YamlException messages repeat the position, already given as the field.</summary>
    static string WithoutPosition(string message)
    {
        int close = message.StartsWith('(') ? message.IndexOf("): ", StringComparison.Ordinal) : -1;
        return close >= 0 ? message[(close + 3)..] : message;
    }

    [GeneratedRegex("Property '([^']+)' not found")]
    private static partial Regex UnknownProperty();
}
