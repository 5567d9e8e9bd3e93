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
/// Every file is read, and checked, when the source is made (before any work); texts are tokenized when drawn.
/// </summary>
public sealed class TextFileDocuments : IDocumentSource
{
    readonly IReadOnlyList<string> _texts;
    readonly ITokenizer _tokenizer;

    TextFileDocuments(IReadOnlyList<string> texts, ITokenizer tokenizer) => (_texts, _tokenizer) = (texts, tokenizer);

    /// <summary>
    /// The texts of <paramref name="files"/> (field or column <paramref name="field"/>); a problem is one ConfigException
    /// naming the file and the field (<paramref name="profileField"/> for a missing file or no text at all).
    /// </summary>
    public static TextFileDocuments Load(IReadOnlyList<string> files, string field, ITokenizer tokenizer, string profileFile, string profileField)
    {
        var texts = new List<string>();
        foreach (string file in files)
        {
            if (!File.Exists(file)) throw new ConfigException(profileFile, profileField, $"no such file {file}");
            texts.AddRange(Path.GetExtension(file).ToLowerInvariant() switch
            {
                ".jsonl" => JsonLines(file, field),
                ".parquet" => ParquetColumn(file, field),
                _ => throw new ConfigException(profileFile, profileField, $"{file}: not .jsonl or .parquet"),
            });
        }
        texts.RemoveAll(string.IsNullOrWhiteSpace);
        if (texts.Count == 0) throw new ConfigException(profileFile, profileField, $"no text in field '{field}' of {string.Join(", ", files)}");
        return new TextFileDocuments(texts, tokenizer);
    }

    public Document Generate(int length, Random random)
    {
        var tokens = new List<int>(length);
        int next = random.Next(_texts.Count);
        int[] first = _tokenizer.Encode(_texts[next]);
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
                tokens.AddRange(_tokenizer.Encode(_texts[next]));
            }
        }
        int[] document = [.. tokens.Take(length)];
        return new Document(document, Enumerable.Repeat(-1, length).ToArray());
    }

    static IEnumerable<string> JsonLines(string file, string field)
    {
        int lineNumber = 0;
        foreach (string line in File.ReadLines(file))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
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
            yield return value.GetString()!;
        }
    }

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
