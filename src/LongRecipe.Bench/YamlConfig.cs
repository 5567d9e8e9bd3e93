using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace LongRecipe.Bench;

/// <summary>
/// Strict YAML binding for profiles: snake_case keys, unknown keys rejected, and any YAML or type
/// error turned into one <see cref="ConfigException"/> naming the file, the line and the field.
/// </summary>
public static partial class YamlConfig
{
    static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static T Load<T>(string path) where T : class
    {
        if (!File.Exists(path)) throw new ConfigException(path, "(file)", "not found");
        return Parse<T>(File.ReadAllText(path), path);
    }

    public static T Parse<T>(string yaml, string file) where T : class
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
            var innermost = e;
            while (innermost.InnerException is YamlException inner) innermost = inner;
            string message = (innermost.InnerException?.Message ?? innermost.Message).Split('\n')[0];
            var unknown = UnknownProperty().Match(message);
            string field = unknown.Success ? unknown.Groups[1].Value : $"line {e.Start.Line}";
            string problem = unknown.Success ? $"unknown key (line {e.Start.Line})" : message;
            throw new ConfigException(file, field, problem);
        }
    }

    [GeneratedRegex("Property '([^']+)' not found")]
    private static partial Regex UnknownProperty();
}
