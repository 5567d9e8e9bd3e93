using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.General;

/// <summary>
/// Training documents for the short tasks: running text, one instance's facts, then as many of its questions and answers
/// as fit (the task's own question first, each answer followed by EOS as in evaluation). One look-up per
/// document is too sparse a signal for a tiny model to learn look-up among several keys in minutes; asking the same facts
/// several times is how associative-recall drills teach it. Every answer is annotated with the first place its tokens
/// occur in the facts, so it weighs as recall and far-token loss sees it.
/// </summary>
public sealed class ShortTaskDrills(IReadOnlyList<Func<Random, ShortTaskText>> tasks, IDocumentSource text, ITokenizer tokenizer) : IDocumentSource
{
    public Document Generate(int length, Random random)
    {
        var instance = tasks[random.Next(tasks.Count)](random);
        int[] context = tokenizer.Encode(instance.Context);
        var tail = new List<int>(context);
        var answers = new List<(int Start, int[] Tokens)>();
        foreach (var (question, answer) in instance.Questions)
        {
            int[] asked = tokenizer.Encode(question), said = tokenizer.Encode(" " + answer);
            if (answers.Count > 0 && tail.Count + asked.Length + said.Length + 1 > length) break;
            tail.AddRange(asked);
            answers.Add((tail.Count, said));
            tail.AddRange([.. said, tokenizer.EosId]);
        }
        if (tail.Count > length)
            throw new InvalidOperationException($"a short-task drill takes {tail.Count} tokens, more than the {length}-token document");

        var (tokens, evidence, leadKinds, leadLength) = TaskInstances.AfterLead(text, [.. tail], length, random);
        foreach (var (start, said) in answers)
        {
            // An answer stated verbatim in the facts points there; one assembled from them (a chain's trace) points each
            // token at its first place in the facts.
            int found = TaskInstances.IndexOf(tokens, said, leadLength, leadLength + context.Length);
            for (int i = 0; i < said.Length; i++)
            {
                int from = found >= 0 ? found + i : Array.IndexOf(tokens, said[i], leadLength, context.Length);
                if (from >= 0) evidence[leadLength + start + i] = from;
            }
        }
        return new Document(tokens, evidence)
        {
            AnswerStart = leadLength + answers[^1].Start,
            Kinds = TaskInstances.KindsAfterLead(evidence, leadKinds, leadLength),
        };
    }
}
