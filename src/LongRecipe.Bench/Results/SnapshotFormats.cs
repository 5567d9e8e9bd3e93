using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace LongRecipe.Bench.Results;

/// <summary>
/// The one set of JSON and YAML settings for everything a run writes, so the report and the gate read snapshots back
/// with exactly the settings that wrote them. JSON numbers are invariant by construction; names are snake_case, as CSV
/// columns and YAML keys are (one naming convention for every results file).
/// </summary>
public static class SnapshotFormats
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // A metric can be NaN (e.g. an empty bucket); JSON has no NaN, so it is written as the string "NaN".
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep quotes and non-ASCII readable in files; never embedded in HTML
    };

    /// <summary>One record per line: the same settings without indentation.</summary>
    public static readonly JsonSerializerOptions JsonLine = new(Json) { WriteIndented = false };

    public static readonly ISerializer YamlWriter = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static readonly IDeserializer YamlReader = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();
}
