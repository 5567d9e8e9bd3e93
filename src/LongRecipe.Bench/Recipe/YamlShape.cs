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

    /// <summary>
    /// Throws for the first node whose shape the bound type at that place cannot take: an undeclared key, or a mapping,
    /// list or single value where another is expected.
    /// </summary>
    public static void CheckShape(YamlNode node, Type type, string file, string path)
    {
        if (IsNull(node)) return; // an empty value means "absent"; the validator decides whether that is allowed
        if (IsBound(type))
        {
            var properties = type.GetProperties().ToDictionary(YamlName, StringComparer.Ordinal);
            string keys = string.Join(", ", properties.Keys);
            if (node is not YamlMappingNode mapping) throw new ConfigException(file, path, $"expected a mapping with keys among: {keys}");
            foreach (var (keyNode, value) in mapping.Children)
            {
                string key = keyNode is YamlScalarNode scalar ? scalar.Value ?? "" : keyNode.ToString();
                string field = Join(path, key);
                if (!properties.TryGetValue(key, out var property))
                    throw new ConfigException(file, field, $"unknown key (expected one of: {keys})");
                CheckShape(value, property.PropertyType, file, field);
            }
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            if (node is not YamlSequenceNode sequence) throw new ConfigException(file, path, "expected a list");
            var element = type.GetGenericArguments()[0];
            for (int i = 0; i < sequence.Children.Count; i++) CheckShape(sequence.Children[i], element, file, $"{path}[{i}]");
        }
        else if (node is not YamlScalarNode) throw new ConfigException(file, path, "expected a single value");
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

    static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    static bool SameStart(Mark a, Mark b) => a.Line == b.Line && a.Column == b.Column;

    static bool IsBound(Type type) => type.IsClass && type != typeof(string) && !type.IsGenericType;
}
