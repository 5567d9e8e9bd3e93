using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization.NamingConventions;

namespace LongRecipe.Bench.Recipe;

/// <summary>
/// Field paths ("stages[1].train.lr") for YAML nodes, and the unknown-key check, done on the parsed node tree so that every
/// problem is reported with the field it concerns rather than a line number and a CLR type name.
/// </summary>
internal static class YamlShape
{
    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>The YAML name of a bound property, as the deserializer's naming convention spells it.</summary>
    public static string YamlName(PropertyInfo property) => UnderscoredNamingConvention.Instance.Apply(property.Name);

    /// <summary>Throws for the first mapping key that the bound type at that place does not declare.</summary>
    public static void CheckKeys(YamlNode node, Type type, string file, string path)
    {
        if (node is YamlMappingNode mapping && IsBound(type))
        {
            var properties = type.GetProperties().ToDictionary(YamlName, StringComparer.Ordinal);
            foreach (var (keyNode, value) in mapping.Children)
            {
                string key = keyNode is YamlScalarNode scalar ? scalar.Value ?? "" : keyNode.ToString();
                string field = Join(path, key);
                if (!properties.TryGetValue(key, out var property))
                    throw new ConfigException(file, field, $"unknown key (expected one of: {string.Join(", ", properties.Keys)})");
                CheckKeys(value, property.PropertyType, file, field);
            }
        }
        else if (node is YamlSequenceNode sequence && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var element = type.GetGenericArguments()[0];
            for (int i = 0; i < sequence.Children.Count; i++) CheckKeys(sequence.Children[i], element, file, $"{path}[{i}]");
        }
    }

    /// <summary>Path of the key or value that starts at <paramref name="mark"/>, or null when no node does.</summary>
    public static string? PathAt(YamlNode node, Mark mark, string path = "")
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (keyNode, value) in mapping.Children)
                {
                    string field = Join(path, keyNode is YamlScalarNode scalar ? scalar.Value ?? "" : keyNode.ToString());
                    if (SameStart(keyNode.Start, mark)) return field;
                    if (PathAt(value, mark, field) is string inner) return inner;
                }
                break;
            case YamlSequenceNode sequence:
                for (int i = 0; i < sequence.Children.Count; i++)
                    if (PathAt(sequence.Children[i], mark, $"{path}[{i}]") is string inner) return inner;
                break;
        }
        return SameStart(node.Start, mark) && path.Length > 0 ? path : null;
    }

    static bool SameStart(Mark a, Mark b) => a.Line == b.Line && a.Column == b.Column;

    static bool IsBound(Type type) => type.IsClass && type != typeof(string) && !type.IsGenericType;
}
