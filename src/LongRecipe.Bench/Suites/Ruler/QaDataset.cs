using System.Text.Json;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>One question with its accepted answers and the document(s) that contain the answer.</summary>
public sealed record QaItem(string Question, IReadOnlyList<string> Answers, IReadOnlyList<string> GoldDocuments);

/// <summary>
/// Questions plus the pool of all documents distractors are drawn from. Loads SQuAD v2 (unanswerable questions
/// dropped) and HotpotQA (distractor setting; gold = paragraphs named in supporting_facts), as RULER's qa_1 and qa_2.
/// </summary>
public sealed record QaDataset(IReadOnlyList<QaItem> Items, IReadOnlyList<string> Documents)
{
    public static QaDataset LoadSquad(string path)
    {
        using var json = Open(path);
        var items = new List<QaItem>();
        var documents = new SortedSet<string>(StringComparer.Ordinal);
        var articles = Required(path, json.RootElement, "data", "data");
        int a = 0;
        foreach (var article in articles.EnumerateArray())
        {
            int p = 0;
            foreach (var paragraph in Required(path, article, "paragraphs", $"data[{a}].paragraphs").EnumerateArray())
            {
                string field = $"data[{a}].paragraphs[{p++}]";
                string context = Required(path, paragraph, "context", $"{field}.context").GetString() ?? "";
                documents.Add(context);
                foreach (var qa in Required(path, paragraph, "qas", $"{field}.qas").EnumerateArray())
                {
                    if (qa.TryGetProperty("is_impossible", out var impossible) && impossible.GetBoolean()) continue;
                    var answers = Required(path, qa, "answers", $"{field}.qas[].answers").EnumerateArray()
                        .Select(x => Required(path, x, "text", $"{field}.qas[].answers[].text").GetString() ?? "").Distinct().ToArray();
                    if (answers.Length == 0) continue;
                    items.Add(new QaItem(Required(path, qa, "question", $"{field}.qas[].question").GetString() ?? "", answers, [context]));
                }
            }
            a++;
        }
        return Checked(path, items, documents);
    }

    public static QaDataset LoadHotpot(string path)
    {
        using var json = Open(path);
        var items = new List<QaItem>();
        var documents = new SortedSet<string>(StringComparer.Ordinal);
        if (json.RootElement.ValueKind != JsonValueKind.Array) throw new ConfigException(path, "(root)", "expected a JSON array of questions (HotpotQA format)");
        int i = 0;
        foreach (var entry in json.RootElement.EnumerateArray())
        {
            string field = $"[{i++}]";
            var paragraphs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in Required(path, entry, "context", $"{field}.context").EnumerateArray())
            {
                string title = pair[0].GetString() ?? "";
                paragraphs[title] = title + "\n" + string.Concat(pair[1].EnumerateArray().Select(s => s.GetString()));
                documents.Add(paragraphs[title]);
            }
            var gold = Required(path, entry, "supporting_facts", $"{field}.supporting_facts").EnumerateArray()
                .Select(f => f[0].GetString() ?? "").Distinct().Where(paragraphs.ContainsKey).Select(t => paragraphs[t]).ToArray();
            string answer = Required(path, entry, "answer", $"{field}.answer").GetString() ?? "";
            items.Add(new QaItem(Required(path, entry, "question", $"{field}.question").GetString() ?? "", [answer], gold));
        }
        return Checked(path, items, documents);
    }

    static JsonDocument Open(string path)
    {
        if (!File.Exists(path)) throw new ConfigException(path, "(file)", "QA dataset file not found (it is not shipped; download it and set args.path)");
        try { return JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new ConfigException(path, "(json)", e.Message); }
    }

    static JsonElement Required(string path, JsonElement parent, string name, string field) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
            ? value
            : throw new ConfigException(path, field, "missing");

    static QaDataset Checked(string path, List<QaItem> items, SortedSet<string> documents) =>
        items.Count == 0 ? throw new ConfigException(path, "(questions)", "no answerable questions") : new QaDataset(items, [.. documents]);
}
