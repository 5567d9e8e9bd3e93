using System.Text.Json;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.General;

/// <summary>A multiple-choice question (MMLU-style JSONL line: question, choices, answer index).</summary>
public sealed record ChoiceItem(string Question, IReadOnlyList<string> Choices, int Answer)
{
    /// <summary>Reads one item per non-empty line; a missing or bad field names the file, line and field.</summary>
    public static IReadOnlyList<ChoiceItem> ReadJsonl(string path)
    {
        if (!File.Exists(path)) throw new ConfigException(path, "(file)", "multiple-choice JSONL file not found");
        var items = new List<ChoiceItem>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (line.Trim().Length == 0) continue;
            string field = $"line {number}";
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                string question = Get(root, "question", path, field).GetString() ?? "";
                var choices = Get(root, "choices", path, field).EnumerateArray().Select(c => c.GetString() ?? "").ToArray();
                int answer = Get(root, "answer", path, field).GetInt32();
                if (choices.Length < 2) throw new ConfigException(path, $"{field}: choices", "needs at least two choices");
                if (answer < 0 || answer >= choices.Length) throw new ConfigException(path, $"{field}: answer", $"index {answer} is outside 0..{choices.Length - 1}");
                items.Add(new ChoiceItem(question, choices, answer));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw new ConfigException(path, field, $"not a {{question, choices, answer}} object: {e.Message}");
            }
        }
        return items.Count > 0 ? items : throw new ConfigException(path, "(file)", "no items");
    }

    static JsonElement Get(JsonElement root, string name, string path, string field) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value)
            ? value
            : throw new ConfigException(path, $"{field}: {name}", "missing");
}

/// <summary>Per-item outcome: the log-likelihood of each choice and whether acc / acc_norm picked the gold one.</summary>
public sealed record ChoiceRecord(string Task, int Index, IReadOnlyList<double> LogLikelihoods, int Gold, int Predicted, int PredictedNorm, bool Acc, bool AccNorm);

/// <summary>
/// lm-evaluation-harness multiple choice: one request per choice with context "question\nAnswer:" and continuation
/// " " + choice; acc = argmax of the summed log-likelihood is gold; acc_norm = argmax of log-likelihood divided by
/// the choice's length in CHARACTERS. Ties go to the first index, like numpy's argmax.
/// </summary>
public static class MultipleChoice
{
    public static string Context(ChoiceItem item) => item.Question + "\nAnswer:";

    /// <summary>The item as a task-shaped training instance: its context, then the gold choice as the answer.</summary>
    public static TaskSample Instance(string task, ChoiceItem item, ITokenizer tokenizer)
    {
        int[] prompt = tokenizer.Encode(Context(item));
        string gold = item.Choices[item.Answer];
        return new TaskSample(task, prompt.Length, 0, 0, null, prompt, [gold], gold, 0, [], 0, prompt.Length);
    }

    public static ChoiceRecord Score(string task, int index, ChoiceItem item, IReadOnlyList<double> logLikelihoods)
    {
        int predicted = ArgMax(logLikelihoods);
        int predictedNorm = ArgMax(logLikelihoods.Select((ll, i) => ll / Math.Max(1, item.Choices[i].Length)).ToArray());
        return new ChoiceRecord(task, index, logLikelihoods, item.Answer, predicted, predictedNorm, predicted == item.Answer, predictedNorm == item.Answer);
    }

    static int ArgMax(IReadOnlyList<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Count; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>Standard error of a mean of 0/1 outcomes: sample standard deviation (n − 1) / √n, as lm-eval.</summary>
    public static double StandardError(IReadOnlyList<bool> outcomes)
    {
        int n = outcomes.Count;
        if (n < 2) return 0;
        double mean = outcomes.Count(o => o) / (double)n;
        double variance = outcomes.Sum(o => Math.Pow((o ? 1 : 0) - mean, 2)) / (n - 1);
        return Math.Sqrt(variance / n);
    }
}
