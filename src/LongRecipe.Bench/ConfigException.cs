namespace LongRecipe.Bench;

/// <summary>A configuration file that cannot be used, with one message of the form "&lt;file&gt;: &lt;field&gt;: &lt;problem&gt;".</summary>
public sealed class ConfigException(string file, string field, string problem)
    : Exception($"{file}: {field}: {problem}")
{
    public string File { get; } = file;
    public string Field { get; } = field;
    public string Problem { get; } = problem;
}
