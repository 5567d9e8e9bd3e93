using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites;

/// <summary>
/// Task-shaped training documents, the way an instruction-tuned base has seen its tasks: one task prompt from a suite
/// generator filling the document, its answer and EOS (running text before it only where the prompt leaves room). A
/// prompt as long as the document puts evidence at every distance up to that length, as evaluation does (with prompts
/// of half to all of it, a needle at depth 0 of a 1024-token prompt — a fifth of RULER's samples — sat at a distance 2%
/// of instances reached). Answer tokens are annotated with the prompt tokens they copy (when that reference occurs
/// exactly once in the prompt), so far-token loss sees them. Seeds come from the document's random, never
/// from a suite's sample seeds.
/// </summary>
public sealed class TaskInstances(IReadOnlyList<ITaskGenerator> generators, IDocumentSource text, ITokenizer tokenizer) : IDocumentSource
{
    public Document Generate(int length, Random random)
    {
        var generator = generators[random.Next(generators.Count)];
        var sample = generator.Generate(new SampleRequest(length, 0, random.Next(), random.NextDouble()));
        int[] answer = [.. tokenizer.Encode(" " + sample.Answer), tokenizer.EosId];
        int used = sample.Prompt.Length + answer.Length;
        if (used > length)
            throw new InvalidOperationException($"{sample.Task}: prompt and answer take {used} tokens, more than the {length}-token document");

        var (tokens, evidence, leadKinds, leadLength) = AfterLead(text, [.. sample.Prompt, .. answer], length, random);
        int answerStart = leadLength + sample.Prompt.Length;
        AnnotateAnswer(tokens, evidence, promptStart: leadLength, answerStart, sample.References);
        return new Document(tokens, evidence) { AnswerStart = answerStart, Kinds = KindsAfterLead(evidence, leadKinds, leadLength) };
    }

    /// <summary>
    /// Running text from <paramref name="text"/> filling the document up to <paramref name="tail"/> (an instance ending it):
    /// the tokens, the lead's evidence with the tail's left at -1 for the caller to annotate, the lead's dependency kinds,
    /// and where the tail starts.
    /// </summary>
    internal static (int[] Tokens, int[] Evidence, DependencyKind[]? LeadKinds, int LeadLength) AfterLead(IDocumentSource text, int[] tail, int length, Random random)
    {
        var lead = text.Generate(length - tail.Length, random);
        var evidence = new int[length];
        Array.Copy(lead.EvidenceIndex, evidence, lead.Length);
        Array.Fill(evidence, -1, lead.Length, length - lead.Length);
        return ([.. lead.Tokens, .. tail], evidence, lead.Kinds, lead.Length);
    }

    /// <summary>The lead's kinds, then <see cref="DependencyKind.Task"/> on every annotated token of the instance after it.</summary>
    internal static DependencyKind[] KindsAfterLead(int[] evidence, DependencyKind[]? leadKinds, int leadLength)
    {
        var kinds = new DependencyKind[evidence.Length];
        for (int i = 0; i < kinds.Length; i++)
            kinds[i] = evidence[i] < 0 ? DependencyKind.None : i < leadLength ? leadKinds?[i] ?? DependencyKind.None : DependencyKind.Task;
        return kinds;
    }

    void AnnotateAnswer(int[] tokens, int[] evidence, int promptStart, int answerStart, IReadOnlyList<string> references)
    {
        int at = answerStart;
        foreach (string reference in references)
        {
            int[] needle = tokenizer.Encode(" " + reference);
            int found = IndexOfOnly(tokens, needle, promptStart, answerStart);
            int start = IndexOf(tokens, needle, at, tokens.Length);
            if (start < 0) continue;
            at = start + needle.Length;
            if (found < 0) continue;
            for (int i = 0; i < needle.Length; i++) evidence[start + i] = found + i;
        }
    }

    /// <summary>Start of the only occurrence of <paramref name="needle"/> in [from, to), or -1 when absent or repeated.</summary>
    static int IndexOfOnly(int[] tokens, int[] needle, int from, int to)
    {
        int first = IndexOf(tokens, needle, from, to);
        return first >= 0 && IndexOf(tokens, needle, first + 1, to) < 0 ? first : -1;
    }

    /// <summary>Start of the first occurrence of <paramref name="needle"/> in [from, to), or -1.</summary>
    internal static int IndexOf(int[] tokens, int[] needle, int from, int to)
    {
        for (int i = from; i + needle.Length <= to; i++)
            if (tokens.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
