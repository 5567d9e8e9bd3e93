using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

public enum QaSource { Synthetic, Squad, Hotpot }

/// <summary>Where questions come from; synthetic ones take a hop count, real ones a JSON file (resolved against the suite file's folder).</summary>
public sealed record QaArgs(QaSource Source, int Hops, string? Path) : ITaskArgs
{
    internal static QaArgs Parse(ArgReader args)
    {
        var source = args.Choice("dataset", QaSource.Synthetic,
            new Dictionary<string, QaSource> { ["synthetic"] = QaSource.Synthetic, ["squad"] = QaSource.Squad, ["hotpotqa"] = QaSource.Hotpot });
        int hops = args.Int("hops", 1, 1, 2);
        string? path = args.Text("path");
        if (source != QaSource.Synthetic && path is null) throw args.Bad("path", "required for a real dataset (SQuAD / HotpotQA JSON)");
        if (source == QaSource.Synthetic && path is not null) throw args.Bad("path", "only used with dataset: squad or hotpotqa");
        string? resolved = path is null ? null : System.IO.Path.GetFullPath(path, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(args.File)) ?? ".");
        return new QaArgs(source, hops, resolved);
    }
}

/// <summary>
/// RULER's QA family: the gold document(s) shuffled among distractor documents, numbered "Document i:", between an
/// instruction and the question. RULER repeats its long instruction after the documents (its wording does too); the
/// compact wording's one short instruction keeps most of a 128-token prompt for documents. Documents are counted whole (each numbered header included); the
/// remainder is the start of one more document. Sample i uses question i (wrapping), as RULER walks its question list.
/// </summary>
public sealed class Qa : ITaskGenerator
{
    readonly RulerTask _task;
    readonly QaArgs _args;
    readonly ITokenizer _tokenizer;
    readonly QaDataset? _dataset;

    public Qa(RulerTask task, QaArgs args, ITokenizer tokenizer)
    {
        (_task, _args, _tokenizer) = (task, args, tokenizer);
        _dataset = args.Source switch
        {
            QaSource.Squad => QaDataset.LoadSquad(args.Path!),
            QaSource.Hotpot => QaDataset.LoadHotpot(args.Path!),
            _ => null,
        };
    }

    public string Name => _task.Name;
    public int TokensToGenerate => _task.TokensToGenerate;
    public Metric Metric => _task.Metric;

    public TaskSample Generate(SampleRequest request)
    {
        var random = new Random(request.Seed);
        var (question, answers, gold, distractors) = Draw(request.Index, random);
        int[] prefix = _tokenizer.Encode(RulerWording ? $"{Instruction}\n\nThe following are given documents.\n\n" : "Answer the question from the following documents.\n");
        int[] suffix = _tokenizer.Encode(RulerWording ? $"\n\n{Instruction}\n\nQuestion: {question} Answer:" : $"\nQuestion: {question} Answer:");
        var goldBodies = gold.Select(d => _tokenizer.Encode(d)).ToList();

        int framing = _task.TokensToGenerate + prefix.Length + suffix.Length;
        int used = Enumerable.Range(1, gold.Count).Sum(i => Header(i).Length) + goldBodies.Sum(b => b.Length);
        int budget = request.Length - framing; // tokens for the numbered documents
        if (used > budget)
            throw new PromptDoesNotFitException(_task.Name, request.Length, $"the question and gold documents alone need {used + framing} tokens");
        var bodies = new List<int[]>();
        int[] tail = [];
        using (var stream = distractors.GetEnumerator())
        {
            while (used < budget)
            {
                if (!stream.MoveNext()) throw new PromptDoesNotFitException(_task.Name, request.Length, "ran out of distractor documents");
                int[] body = _tokenizer.Encode(stream.Current);
                int[] header = Header(gold.Count + bodies.Count + 1);
                if (used + header.Length + body.Length > budget) { tail = header.Concat(body).Take(budget - used).ToArray(); break; }
                bodies.Add(body);
                used += header.Length + body.Length;
            }
        }

        var order = bodies.Select(b => (Body: b, IsGold: false)).ToList();
        foreach (var body in goldBodies) order.Insert(random.Next(order.Count + 1), (body, true));
        var prompt = new PromptBuilder();
        prompt.Append(prefix);
        int haystackStart = prompt.Count;
        var goldStarts = new List<int>();
        for (int i = 0; i < order.Count; i++)
        {
            int start = prompt.Append(Header(i + 1));
            prompt.Append(order[i].Body);
            if (order[i].IsGold) goldStarts.Add(start);
        }
        prompt.Append(tail);
        int haystackLength = prompt.Count - haystackStart;
        prompt.Append(suffix);

        var references = answers.Select(a => TaskText.Canonical(_tokenizer, a)).ToArray();
        return new TaskSample(_task.Name, request.Length, request.Index, request.Seed, null, prompt.ToArray(), references,
            TaskText.Answer(_task.Metric, references), _task.TokensToGenerate, goldStarts, haystackStart, haystackLength);
    }

    const string Instruction = "Answer the question based on the given documents. Only give me the answer and do not output any other words.";

    bool RulerWording => _task.Wording == Wording.Ruler;

    /// <summary>"Document i: " (compact) or RULER's "Document i:\n" with a blank line between documents.</summary>
    int[] Header(int number) => _tokenizer.Encode(RulerWording ? $"{(number == 1 ? "" : "\n\n")}Document {number}:\n" : $"{(number == 1 ? "" : "\n")}Document {number}: ");

    (string Question, IReadOnlyList<string> Answers, IReadOnlyList<string> Gold, IEnumerable<string> Distractors) Draw(int index, Random random)
    {
        if (_dataset is null)
        {
            var world = new SyntheticQa(random, _args.Hops);
            return (world.Question, [world.Answer], world.Gold, world.Distractors());
        }
        var item = _dataset.Items[index % _dataset.Items.Count];
        var others = _dataset.Documents.Where(d => !item.GoldDocuments.Contains(d)).ToArray();
        random.Shuffle(others);
        return (item.Question, item.Answers, item.GoldDocuments, others);
    }
}
