using System.Globalization;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.General;

/// <summary>
/// Short-context generative checks of the synthetic language, sized by their arguments (not fitted to a length) so
/// they test plain skills inside the base window: look up a value, copy a list, follow a chain of assignments.
/// </summary>
public sealed class ShortTasks(GeneralTask task, ITokenizer tokenizer)
{
    public TaskSample Generate(int index, int seed)
    {
        var random = new Random(seed);
        var (prompt, answer) = task.Args switch
        {
            RetrievalArgs a => Retrieval(random, a.Pairs),
            CopyingArgs a => Copying(random, a.Words),
            AssignmentChainArgs a => Chain(random, a.Hops, a.DistractorChains),
            _ => throw new ArgumentException($"{task.Name} is not a short generative task"),
        };
        int[] tokens = tokenizer.Encode(prompt);
        string[] references = [TaskText.Canonical(tokenizer, answer)];
        return new TaskSample(task.Name, tokens.Length + task.TokensToGenerate, index, seed, null, tokens, references,
            TaskText.Answer(task.Metric!.Value, references), task.TokensToGenerate, [], 0, tokens.Length);
    }

    static (string, string) Retrieval(Random random, int pairs)
    {
        var keys = TaskText.Sample(random, Lexicon.Nouns, pairs);
        var values = DistinctNumbers(random, pairs);
        string key = keys[random.Next(pairs)];
        string facts = string.Join(" ", keys.Select((k, i) => $"{k} = {values[i]}."));
        return ($"Remember the following values.\n{facts}\nWhat is the value for {key}? The value for {key} is:", values[Array.IndexOf(keys, key)]);
    }

    static (string, string) Copying(Random random, int count)
    {
        string words = string.Join(" ", Enumerable.Range(0, count).Select(_ => WordPool.Content[random.Next(WordPool.Content.Length)]));
        return ($"Read the following list of words and return it again.\n{words}\nThe list again:", words);
    }

    /// <summary>Several chains "var a = 123." → "var b = var a." …, interleaved with their order kept; asks the last variable of chain 0.</summary>
    static (string, string) Chain(Random random, int hops, int distractors)
    {
        int chains = distractors + 1;
        var names = TaskText.Sample(random, Lexicon.Nouns, chains * (hops + 1));
        var values = DistinctNumbers(random, chains);
        var queues = Enumerable.Range(0, chains).Select(c => new Queue<string>(Enumerable.Range(0, hops + 1).Select(h =>
            h == 0 ? $"var {names[c * (hops + 1)]} = {values[c]}." : $"var {names[c * (hops + 1) + h]} = var {names[c * (hops + 1) + h - 1]}."))).ToList();
        var statements = new List<string>();
        while (queues.Any(q => q.Count > 0))
        {
            var open = queues.Where(q => q.Count > 0).ToList();
            statements.Add(open[random.Next(open.Count)].Dequeue());
        }
        string last = names[hops];
        return ($"Remember the following values.\n{string.Join(" ", statements)}\nWhat is the value of var {last}? The value of var {last} is:", values[0]);
    }

    static string[] DistinctNumbers(Random random, int count)
    {
        var numbers = Enumerable.Range(100, 900).ToArray();
        random.Shuffle(numbers);
        return numbers[..count].Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}
