using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace LongRecipe.Bench.Recipe;

/// <summary>Reads a method file (suites/methods/*.yaml) into a validated <see cref="MethodConfig"/>.</summary>
public static class MethodConfigLoader
{
    static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .Build();

    /// <summary>Loads <paramref name="path"/>; every problem is a <see cref="ConfigException"/> naming the file and field.</summary>
    public static MethodConfig Load(string path)
    {
        if (!File.Exists(path)) throw new ConfigException(path, "(file)", "not found");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses YAML text; <paramref name="file"/> only names the source in error messages.</summary>
    public static MethodConfig Parse(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigException(file, Where(e.Start), $"not valid YAML: {Innermost(e)}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)   // YamlDotNet on some malformed input (found by fuzzing)
        {
            throw new ConfigException(file, "(document)", $"not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ConfigException(file, "(document)", "expected one YAML mapping (name, stages, ...)");

        YamlShape.CheckShape(root, typeof(MethodYaml), file, "");
        MethodYaml method;
        try
        {
            method = Deserializer.Deserialize<MethodYaml>(yaml);
        }
        catch (YamlException e)
        {
            throw new ConfigException(file, YamlShape.PathAt(root, e.Start) ?? Where(e.Start), $"cannot read value: {Innermost(e)}");
        }
        return new MethodConfigValidator(file).Method(method);
    }

    static string Where(Mark mark) => string.Create(CultureInfo.InvariantCulture, $"line {mark.Line}, column {mark.Column}");

    /// <summary>The root cause's message: YamlDotNet wraps conversion errors, whose own text says what was wrong.</summary>
    static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        string message = e.Message;
        // YamlException messages repeat the position, already given as the field.
        int close = message.StartsWith('(') ? message.IndexOf("): ", StringComparison.Ordinal) : -1;
        return close >= 0 ? message[(close + 3)..] : message;
    }
}
