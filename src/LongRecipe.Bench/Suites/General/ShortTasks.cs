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
        var text = Compose(new Random(seed));
        var (question, answer) = text.Questions[0];
        int[] tokens = tokenizer.Encode(text.Context + question);
        string[] references = [TaskText.Canonical(tokenizer, answer)];
        return new TaskSample(task.Name, tokens.Length + task.TokensToGenerate, index, seed, null, tokens, references,
            TaskText.Answer(task.Metric!.Value, references), task.TokensToGenerate, [], 0, tokens.Length);
    }

    /// <summary>One instance's text: the facts, the task's own question first, then every other question they answer.</summary>
    public ShortTaskText Compose(Random random) => task.Args switch
    {
        RetrievalArgs a => Retrieval(random, a.Pairs),
        CopyingArgs a => Copying(random, a.Words),
        AssignmentChainArgs a => Chain(random, a.Hops, a.DistractorChains),
        _ => throw new ArgumentException($"{task.Name} is not a short generative task"),
    };

    /// <summary>"key = value." facts; the answer follows the asked fact's own "key =", as RULER's answer prefixes restate the needle.</summary>
    static ShortTaskText Retrieval(Random random, int pairs)
    {
        var keys = TaskText.Sample(random, Lexicon.Nouns, pairs);
        var values = DistinctNumbers(random, pairs);
        int asked = random.Next(pairs);
        string facts = string.Join(" ", keys.Select((k, i) => $"{k} = {values[i]}."));
        return new($"Remember the following values.\n{facts}\n",
            [.. Others(random, pairs, asked).Select(i => ($"What is the value for {keys[i]}? {keys[i]} =", values[i]))]);
    }

    /// <summary>A list after "The list:", asked back after "The list:" again: the prompt points to where the copy starts.</summary>
    static ShortTaskText Copying(Random random, int count)
    {
        string words = string.Join(" ", Enumerable.Range(0, count).Select(_ => WordPool.Content[random.Next(WordPool.Content.Length)]));
        return new($"Read the following list of words and return it again.\nThe list: {words}\n", [("Return the list. The list:", words)]);
    }

    /// <summary>
    /// Several chains "var a = 123." → "var b = var a." …, interleaved with their order kept; asks the last variable of
    /// chain 0. The answer traces the chain ("var c = var b = var a = 123"), as RULER's variable tracking answers with the
    /// chain's names: each step is then one look-up, where naming the value alone needs them all composed in one forward pass.
    /// </summary>
    static ShortTaskText Chain(Random random, int hops, int distractors)
    {
        int chains = distractors + 1, perChain = hops + 1;
        var names = TaskText.Sample(random, Lexicon.Nouns, chains * perChain);
        var values = DistinctNumbers(random, chains);
        var queues = Enumerable.Range(0, chains).Select(c => new Queue<string>(Enumerable.Range(0, perChain).Select(h =>
            h == 0 ? $"var {names[c * perChain]} = {values[c]}." : $"var {names[c * perChain + h]} = var {names[c * perChain + h - 1]}."))).ToList();
        var statements = new List<string>();
        while (queues.Any(q => q.Count > 0))
        {
            var open = queues.Where(q => q.Count > 0).ToList();
            statements.Add(open[random.Next(open.Count)].Dequeue());
        }
        string Trace(int v) => string.Join(" = ", Enumerable.Range(0, v % perChain + 1).Select(h => $"var {names[v - h]}").Append(values[v / perChain]));
        return new($"Remember the following values.\n{string.Join(" ", statements)}\n",
            [.. Others(random, names.Length, asked: hops).Select(v => ($"What is the value of var {names[v]}? Track it back:", Trace(v)))]);
    }

    /// <summary><paramref name="asked"/> first, then the other indices below <paramref name="count"/> in random order.</summary>
    static int[] Others(Random random, int count, int asked)
    {
        var rest = Enumerable.Range(0, count).Where(i => i != asked).ToArray();
        random.Shuffle(rest);
        return [asked, .. rest];
    }

    static string[] DistinctNumbers(Random random, int count)
    {
        var numbers = Enumerable.Range(100, 900).ToArray();
        random.Shuffle(numbers);
        return numbers[..count].Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}

/// <summary>
/// The facts of a short task and the questions they answer (text, answer). The first question is the task's own; the
/// others exist for training drills, where one set of facts is asked several times.
/// </summary>
public sealed record ShortTaskText(string Context, IReadOnlyList<(string Question, string Answer)> Questions);
