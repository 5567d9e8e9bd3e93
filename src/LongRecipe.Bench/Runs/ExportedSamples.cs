using System.Text.Json;
using System.Text.Json.Serialization;
using LongRecipe.Bench.Training;
using Parquet.Serialization;

namespace LongRecipe.Bench.Runs;

/// <summary>How `export` writes a stage's samples: JSON lines, or a Parquet table (what Hugging Face datasets read fastest).</summary>
public enum SampleFormat { Jsonl, Parquet }

/// <summary>
/// One file per train stage, one row per sample in consumption order: <c>input_ids</c>, <c>position_ids</c> and, when the
/// stage weights its loss, <c>loss_weights</c> (in Parquet, list columns of int32, int64 and float).
/// </summary>
public static class ExportedSamples
{
    /// <summary>The format's name on the command line, in launch.json and as the file extension.</summary>
    public static string Name(this SampleFormat format) => format.ToString().ToLowerInvariant();

    public static readonly IReadOnlyDictionary<string, SampleFormat> Formats = Enum.GetValues<SampleFormat>().ToDictionary(f => f.Name());

    public static string FileName(int stage, SampleFormat format) => $"stage-{stage}.{format.Name()}";

    /// <summary>Writes <paramref name="samples"/> to <paramref name="path"/>; returns how many.</summary>
    public static int Write(string path, IReadOnlyList<TrainingBlock> samples, SampleFormat format)
    {
        using var stream = File.Create(path);
        if (format == SampleFormat.Parquet)
        {
            // One schema per file: loss_weights only when the stage weights its loss, as in the JSON lines.
            if (samples.Any(s => s.LossWeights is not null))
                ParquetSerializer.SerializeAsync(samples.Select(s => new WeightedRow(s.Tokens, s.PositionIds, s.LossWeights!)), stream).GetAwaiter().GetResult();
            else
                ParquetSerializer.SerializeAsync(samples.Select(s => new Row(s.Tokens, s.PositionIds)), stream).GetAwaiter().GetResult();
            return samples.Count;
        }
        foreach (var sample in samples)
        {
            using (var line = new Utf8JsonWriter(stream))
            {
                line.WriteStartObject();
                Numbers(line, "input_ids", sample.Tokens, (w, v) => w.WriteNumberValue(v));
                Numbers(line, "position_ids", sample.PositionIds, (w, v) => w.WriteNumberValue(v));
                if (sample.LossWeights is { } weights) Numbers(line, "loss_weights", weights, (w, v) => w.WriteNumberValue(v));
                line.WriteEndObject();
            }
            stream.WriteByte((byte)'\n');
        }
        return samples.Count;
    }

    static void Numbers<T>(Utf8JsonWriter line, string name, IEnumerable<T> values, Action<Utf8JsonWriter, T> write)
    {
        line.WriteStartArray(name);
        foreach (var value in values) write(line, value);
        line.WriteEndArray();
    }

    /// <summary>A Parquet row of an unweighted stage.</summary>
    public sealed class Row(int[] inputIds, long[] positionIds)
    {
        public Row() : this([], []) { }
        [JsonPropertyName("input_ids")] public int[] InputIds { get; set; } = inputIds;
        [JsonPropertyName("position_ids")] public long[] PositionIds { get; set; } = positionIds;
    }

    /// <summary>A Parquet row of a stage that weights its loss.</summary>
    public sealed class WeightedRow(int[] inputIds, long[] positionIds, float[] lossWeights)
    {
        public WeightedRow() : this([], [], []) { }
        [JsonPropertyName("input_ids")] public int[] InputIds { get; set; } = inputIds;
        [JsonPropertyName("position_ids")] public long[] PositionIds { get; set; } = positionIds;
        [JsonPropertyName("loss_weights")] public float[] LossWeights { get; set; } = lossWeights;
    }
}
