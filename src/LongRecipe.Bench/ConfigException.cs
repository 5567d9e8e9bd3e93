namespace LongRecipe.Bench;

/// <summary>A configuration or input file is wrong: the message names the file, the field and the problem, nothing else.</summary>
public sealed class ConfigException(string file, string field, string problem) : Exception($"{file}: {field}: {problem}")
{
    public string File { get; } = file;
    public string Field { get; } = field;
}
