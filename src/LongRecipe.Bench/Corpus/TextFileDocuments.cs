using System.Text.Json;
using LongRecipe.Bench.Text;
using Parquet;

namespace LongRecipe.Bench.Corpus;

/// <summary>
/// The training text of a real run: documents read from the user's files (JSON lines, one object per line with a string
/// field; or Parquet, a string column — the two layouts Hugging Face datasets export), in the run's tokenizer. A document
/// of a given length starts at a random text: a text at least that long gives a window at a random offset; a shorter
/// one is followed by EOS and the next texts in file order until the length is reached (packing, as Hugging Face's
/// group_texts does). Real text carries no dependency annotations: every evidence index is -1 and kinds are null.
/// Every file is read, and checked, when the source is made (before any work); texts are tokenized when drawn. A JSON-lines
/// text is kept as where its line lies in the file and read again when drawn, so a corpus larger than memory can be
/// used; a Parquet column is held in memory (Parquet reads a row group at a time, too coarse to read per draw). A file
/// that changed since it was read (its length or modification time) is refused when drawn from, naming it.
/// </summary>
public sealed class TextFileDocuments : IDocumentSource
{
    /// <summary>A text in memory, or the line of <see cref="File"/> holding it (bytes from <see cref="Offset"/>).</summary>
    readonly record struct TextAt(string? Text, int File, long Offset, int Length);

    /// <summary>A file as it was read: a text read from it later must come from the same bytes.</summary>
    readonly record struct FileRead(string Path, long Length, DateTime WrittenUtc);

    readonly IReadOnlyList<TextAt> _texts;
    readonly IReadOnlyList<FileRead> _files;
    readonly string _field;
    readonly ITokenizer _tokenizer;

    TextFileDocuments(IReadOnlyList<TextAt> texts, IReadOnlyList<FileRead> files, string field, ITokenizer tokenizer) =>
        (_texts, _files, _field, _tokenizer) = (texts, files, field, tokenizer);

    /// <summary>
    /// The texts of <paramref name="files"/> (field or column <paramref name="field"/>); a problem is one ConfigException
    /// naming the file and the field (<paramref name="profileField"/> for a missing file or no text at all).
    /// </summary>
    public static TextFileDocuments Load(IReadOnlyList<string> files, string field, ITokenizer tokenizer, string profileFile, string profileField)
    {
        var texts = new List<TextAt>();
        var read = new List<FileRead>();
        for (int index = 0; index < files.Count; index++)
        {
            string file = files[index];
            if (!File.Exists(file)) throw new ConfigException(profileFile, profileField, $"no such file {file}");
            read.Add(new FileRead(file, new FileInfo(file).Length, File.GetLastWriteTimeUtc(file)));
            int fileIndex = index;
            texts.AddRange(Path.GetExtension(file).ToLowerInvariant() switch
            {
                ".jsonl" => JsonLines(file, field).Select(line => new TextAt(null, fileIndex, line.Offset, line.Length)),
                ".parquet" => ParquetColumn(file, field).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => new TextAt(t, fileIndex, 0, 0)),
                _ => throw new ConfigException(profileFile, profileField, $"{file}: not .jsonl or .parquet"),
            });
        }
        if (texts.Count == 0) throw new ConfigException(profileFile, profileField, $"no text in field '{field}' of {string.Join(", ", files)}");
        return new TextFileDocuments(texts, read, field, tokenizer);
    }

    public Document Generate(int length, Random random)
    {
        var tokens = new List<int>(length);
        int next = random.Next(_texts.Count);
        int[] first = _tokenizer.Encode(Text(next));
        if (first.Length >= length)
        {
            int offset = random.Next(first.Length - length + 1);
            tokens.AddRange(first.AsSpan(offset, length));
        }
        else
        {
            tokens.AddRange(first);
            // Every pass over the texts adds at least one token (EOS), so this ends.
            while (tokens.Count < length)
            {
                tokens.Add(_tokenizer.EosId);
                next = (next + 1) % _texts.Count;
                tokens.AddRange(_tokenizer.Encode(Text(next)));
            }
        }
        int[] document = [.. tokens.Take(length)];
        return new Document(document, Enumerable.Repeat(-1, length).ToArray());
    }

    string Text(int index)
    {
        var at = _texts[index];
        if (at.Text is { } text) return text;
        var file = _files[at.File];
        var bytes = new byte[at.Length];
        int got;
        using (var handle = File.OpenHandle(file.Path))
        {
            if (RandomAccess.GetLength(handle) != file.Length || File.GetLastWriteTimeUtc(file.Path) != file.WrittenUtc)
                throw new ConfigException(file.Path, "(file)", "changed since the run read it; restore it, or start a new run");
            got = RandomAccess.Read(handle, bytes, at.Offset);
        }
        if (got != at.Length) throw new ConfigException(file.Path, "(file)", $"ended early at byte {at.Offset + got}");
        using var json = JsonDocument.Parse(bytes);
        return json.RootElement.GetProperty(_field).GetString()!;   // checked when loaded
    }

    /// <summary>Where each line with a non-blank text lies (byte offset and length), every line checked on the way.</summary>
    static IEnumerable<(long Offset, int Length)> JsonLines(string file, string field)
    {
        int lineNumber = 0;
        foreach (var (offset, line) in Lines(file))
        {
            lineNumber++;
            if (line.AsSpan().Trim(" \t\r"u8).IsEmpty) continue;
            JsonElement value;
            try
            {
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty(field, out value))
                    throw new ConfigException(file, $"line {lineNumber}: {field}", "missing (each line must be a JSON object with this string field)");
                value = value.Clone();
            }
            catch (JsonException e)
            {
                throw new ConfigException(file, $"line {lineNumber}", $"not JSON ({e.Message})");
            }
            if (value.ValueKind != JsonValueKind.String)
                throw new ConfigException(file, $"line {lineNumber}: {field}", $"is {value.ValueKind}, not a string");
            if (!string.IsNullOrWhiteSpace(value.GetString())) yield return (offset, line.Length);
        }
    }

    /// <summary>The file's lines without their "\n" (a UTF-8 byte-order mark before the first is dropped), with their byte offsets.</summary>
    static IEnumerable<(long Offset, byte[] Bytes)> Lines(string file)
    {
        using var stream = File.OpenRead(file);
        var buffer = new byte[1 << 16];
        var line = new MemoryStream();
        long position = 0, start = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            int from = 0;
            for (int i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                line.Write(buffer, from, i - from);
                yield return WithoutByteOrderMark(start, line.ToArray());
                line.SetLength(0);
                from = i + 1;
                start = position + from;
            }
            line.Write(buffer, from, read - from);
            position += read;
        }
        if (line.Length > 0) yield return WithoutByteOrderMark(start, line.ToArray());
    }

    static (long Offset, byte[] Bytes) WithoutByteOrderMark(long offset, byte[] line) =>
        offset == 0 && line.AsSpan().StartsWith("\uFEFF"u8) ? (3, line[3..]) : (offset, line);

    static List<string> ParquetColumn(string file, string field)
    {
        try
        {
            return ReadColumn(file, field).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not ConfigException)
        {
            throw new ConfigException(file, field, $"cannot be read as Parquet ({e.Message})");
        }
    }

    static async Task<List<string>> ReadColumn(string file, string field)
    {
        await using var stream = File.OpenRead(file);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var column = reader.Schema.GetDataFields().FirstOrDefault(f => f.Name == field)
            ?? throw new ConfigException(file, field, $"no such column (columns: {string.Join(", ", reader.Schema.GetDataFields().Select(f => f.Name))})");
        // Parquet.Net reports a UTF-8 column as ReadOnlyMemory<char> or string, by how it was written.
        if (column.ClrType != typeof(string) && column.ClrType != typeof(ReadOnlyMemory<char>)) throw new ConfigException(file, field, $"is a {column.ClrType.Name} column, not text");
        var texts = new List<string>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var values = new string?[group.RowCount];
            await group.ReadAsync(column, values.AsMemory());
            texts.AddRange(values.OfType<string>());
        }
        return texts;
    }
}
