namespace LongRecipe.Bench.Model;

/// <summary>A checkpoint file that cannot be read or written as asked. The message is "&lt;file&gt;: &lt;field&gt;: &lt;problem&gt;".</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string file, string field, string problem, Exception? inner = null)
        : base($"{file}: {field}: {problem}", inner)
    {
        File = file;
        Field = field;
    }

    public string File { get; }

    /// <summary>The header field or tensor name that is wrong.</summary>
    public string Field { get; }
}
