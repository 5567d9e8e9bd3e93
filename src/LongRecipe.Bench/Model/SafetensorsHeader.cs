using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;

namespace LongRecipe.Bench.Model;

/// <summary>
/// The safetensors header: an 8-byte little-endian length, then that many bytes of JSON
/// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}, then the raw data.
/// Parsing checks everything a reader relies on, so a tensor load never reads outside its own bytes.
/// </summary>
internal static class SafetensorsHeader
{
    public const string MetadataKey = "__metadata__";

    // The reference implementation refuses larger headers too; a bigger length means a corrupt or foreign file.
    private const long MaxHeaderBytes = 100_000_000;

    public static (List<SafetensorsEntry> Entries, Dictionary<string, string> Metadata, long DataStart) Read(string file, Stream stream)
    {
        long fileLength = stream.Length;
        if (fileLength < 8)
        {
            throw new CheckpointException(file, "header length", $"file is {fileLength} bytes, shorter than the 8-byte header length");
        }
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(fileLength - 8))
        {
            throw new CheckpointException(file, "header length", $"{headerLength} bytes claimed but only {fileLength - 8} follow");
        }
        if (headerLength > MaxHeaderBytes)
        {
            throw new CheckpointException(file, "header length", $"{headerLength} bytes exceeds the {MaxHeaderBytes}-byte limit");
        }
        byte[] json = new byte[headerLength];
        stream.ReadExactly(json);
        long dataStart = 8 + (long)headerLength;
        var (entries, metadata) = Parse(file, json, fileLength - dataStart);
        return (entries, metadata, dataStart);
    }

    public static byte[] Build(IEnumerable<SafetensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            foreach (var entry in entries)
            {
                json.WriteStartObject(entry.Name);
                json.WriteString("dtype", entry.DType);
                json.WriteStartArray("shape");
                foreach (long dim in entry.Shape)
                {
                    json.WriteNumberValue(dim);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(entry.Begin);
                json.WriteNumberValue(entry.End);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        // Spaces pad the JSON so the data section starts 8-byte aligned, as the format recommends.
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        byte[] header = new byte[8 + padded];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)padded);
        buffer.WrittenSpan.CopyTo(header.AsSpan(8));
        header.AsSpan(8 + buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static (List<SafetensorsEntry>, Dictionary<string, string>) Parse(string file, byte[] json, long dataLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CheckpointException(file, "header", $"invalid JSON ({e.Message})", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointException(file, "header", $"expected a JSON object, found {document.RootElement.ValueKind}");
            }
            var entries = new List<SafetensorsEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new CheckpointException(file, property.Name, "appears twice in the header");
                }
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(file, property.Value, metadata);
                }
                else
                {
                    entries.Add(ReadEntry(file, property.Name, property.Value, dataLength));
                }
            }
            CheckNoOverlap(file, entries);
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(string file, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new CheckpointException(file, MetadataKey, $"expected an object of strings, found {value.ValueKind}");
        }
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new CheckpointException(file, $"{MetadataKey}.{item.Name}", $"expected a string, found {item.Value.ValueKind}");
            }
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static SafetensorsEntry ReadEntry(string file, string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new CheckpointException(file, name, $"expected an object with dtype, shape and data_offsets, found {value.ValueKind}");
        }
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new CheckpointException(file, $"{name}.dtype", "missing or not a string");
        }
        string dtype = dtypeElement.GetString()!;
        if (!SafetensorsDType.TryParse(dtype, out var scalarType, out int elementSize))
        {
            throw new CheckpointException(file, $"{name}.dtype", $"unknown dtype '{dtype}' (known: {string.Join(", ", SafetensorsDType.Names)})");
        }
        long[] shape = ReadNonNegativeIntegers(file, $"{name}.shape", value, "shape", count: null);
        long[] offsets = ReadNonNegativeIntegers(file, $"{name}.data_offsets", value, "data_offsets", count: 2);
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end || end > dataLength)
        {
            throw new CheckpointException(file, $"{name}.data_offsets",
                $"[{begin}, {end}] is not a range within the {dataLength} data bytes of the file");
        }
        Int128 expected = elementSize;
        foreach (long dim in shape)
        {
            expected *= dim;
        }
        if (expected != end - begin)
        {
            throw new CheckpointException(file, name, $"shape [{string.Join(", ", shape)}] of {dtype} needs {expected} bytes but data_offsets give {end - begin}");
        }
        return new SafetensorsEntry(name, dtype, scalarType, shape, begin, end);
    }

    private static long[] ReadNonNegativeIntegers(string file, string field, JsonElement entry, string property, int? count)
    {
        if (!entry.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new CheckpointException(file, field, "missing or not an array");
        }
        if (count is { } expected && array.GetArrayLength() != expected)
        {
            throw new CheckpointException(file, field, $"expected {expected} numbers, found {array.GetArrayLength()}");
        }
        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out values[i]) || values[i] < 0)
            {
                throw new CheckpointException(file, field, $"item {i} is not a non-negative integer: {item.GetRawText()}");
            }
            i++;
        }
        return values;
    }

    private static void CheckNoOverlap(string file, List<SafetensorsEntry> entries)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        SafetensorsEntry? previous = null;
        foreach (var entry in entries.Where(e => e.ByteLength > 0))
        {
            if (previous is not null && entry.Begin < previous.End)
            {
                throw new CheckpointException(file, $"{entry.Name}.data_offsets",
                    $"[{entry.Begin}, {entry.End}] overlaps tensor '{previous.Name}' at [{previous.Begin}, {previous.End}]");
            }
            previous = entry;
        }
    }
}
