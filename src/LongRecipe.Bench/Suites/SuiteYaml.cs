using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace LongRecipe.Bench.Suites;

/// <summary>YAML → typed DTO with snake_case keys; unknown keys and malformed YAML become one <see cref="ConfigException"/>.</summary>
internal static partial class SuiteYaml
{
    static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static T Load<T>(string path) where T : class
    {
        if (!System.IO.File.Exists(path)) throw new ConfigException(path, "(file)", "file not found");
        try
        {
            return Deserializer.Deserialize<T>(System.IO.File.ReadAllText(path))
                   ?? throw new ConfigException(path, "(root)", "the file is empty");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)   // YamlDotNet on some malformed input (found by fuzzing)
        {
            throw new ConfigException(path, "(document)", $"not valid YAML: {e.Message}");
        }
        catch (YamlException e)
        {
            throw new ConfigException(path, FieldOf(e), $"{Innermost(e).Message.Trim()} (line {e.Start.Line}, column {e.Start.Column})");
        }
    }

    /// <summary>The offending key when YamlDotNet names it ("Property 'x' not found ..."), else the position.</summary>
    static string FieldOf(YamlException e)
    {
        var match = PropertyName().Match(Innermost(e).Message);
        return match.Success ? match.Groups[1].Value : $"line {e.Start.Line}";
    }

    static Exception Innermost(Exception e) => e.InnerException is { } inner and not null ? Innermost(inner) : e;

    [GeneratedRegex("Property '([^']+)' not found")]
    private static partial Regex PropertyName();
}

/// <summary>One entry of a suite's task list as written in YAML.</summary>
internal sealed class TaskEntryYaml
{
    public string? Name { get; set; }
    public string? Family { get; set; }
    public string? Metric { get; set; }
    public int? TokensToGenerate { get; set; }
    public Dictionary<string, string>? Args { get; set; }
}
