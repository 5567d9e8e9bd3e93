using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>How many common words, how often common and uncommon words repeat, and the one-shot example's shape (0 words = none).</summary>
public sealed record CommonWordsArgs(int Common, int FreqCommon, int FreqUncommon, int ExampleWords, int ExampleFreqCommon, int ExampleFreqUncommon) : ITaskArgs
{
    internal static CommonWordsArgs Parse(ArgReader args)
    {
        var parsed = new CommonWordsArgs(
            args.Int("common", 10, 1, 50), args.Int("freq_common", 30, 2, 1000), args.Int("freq_uncommon", 3, 1, 1000),
            args.Int("example_words", 0, 0, WordPool.Content.Length), args.Int("example_freq_common", 3, 2, 1000), args.Int("example_freq_uncommon", 1, 1, 1000));
        if (parsed.FreqUncommon >= parsed.FreqCommon) throw args.Bad("freq_uncommon", "must be below freq_common");
        if (parsed.ExampleWords > 0 && parsed.ExampleWords < parsed.Common) throw args.Bad("example_words", "must be 0 or at least common");
        return parsed;
    }
}

/// <summary>
/// RULER's common-words extraction: a numbered list where a few words repeat often and the rest rarely; the answer is
/// the frequent ones. The number of distinct words is binary-searched to fill the budget. With a closed vocabulary
/// the pool (180 words) can run out at long lengths; then both frequencies are multiplied by the smallest integer
/// that fits, which keeps their ratio (and so the task's difficulty).
/// </summary>
public sealed class CommonWords(RulerTask task, CommonWordsArgs args, ITokenizer tokenizer) : ITaskGenerator
{
    public string Name => task.Name;
    public int TokensToGenerate => task.TokensToGenerate;
    public Metric Metric => task.Metric;

    public TaskSample Generate(SampleRequest request)
    {
        var random = new Random(request.Seed);
        int[] example = args.ExampleWords > 0 ? Example(random) : [];
        var pool = WordPool.Content.ToArray();
        random.Shuffle(pool);
        var wordTokens = pool.Select(w => tokenizer.Encode(" " + w)).ToArray();
        int[] prefix = [.. example, .. tokenizer.Encode(Header + "\n")];
        int[] suffix = tokenizer.Encode("\n" + Question(args.Common));
        int need = request.Length - task.TokensToGenerate - prefix.Length - suffix.Length;

        var numbers = new NumberPieces(tokenizer);
        int multiplier = 1, distinct;
        while (true)
        {
            int fc = args.FreqCommon * multiplier, fu = args.FreqUncommon * multiplier;
            distinct = LengthSearch.LargestFitting(args.Common, pool.Length, w => ListTokens(w, fc, fu, wordTokens, numbers), need,
                task.Name, request.Length, "distinct words");
            if (distinct < pool.Length || ListTokens(distinct, fc, fu, wordTokens, numbers) == need) break;
            if (++multiplier > 64) throw new PromptDoesNotFitException(task.Name, request.Length, "the word pool is too small even with 64× frequencies");
        }
        int freqCommon = args.FreqCommon * multiplier, freqUncommon = args.FreqUncommon * multiplier;

        var entries = Entries(distinct, freqCommon, freqUncommon, random);
        var prompt = new PromptBuilder();
        prompt.Append(prefix);
        int haystackStart = prompt.Count;
        for (int i = 0; i < entries.Count; i++)
        {
            prompt.Append(numbers[i + 1]);
            prompt.Append(wordTokens[entries[i]]);
        }
        // The remainder (less than the next word's group) is filled with that unused word's entries, so no count reaches the common ones.
        int rest = need - (prompt.Count - haystackStart);
        var tail = Enumerable.Range(entries.Count + 1, distinct < pool.Length ? freqUncommon : 0)
            .Select(n => (int[])[.. numbers[n], .. wordTokens[distinct]]);
        HaystackFill.Take(tail, rest, task.Name, request.Length).AppendTo(prompt, []);
        int haystackLength = prompt.Count - haystackStart;
        prompt.Append(suffix);

        var references = pool[..args.Common].Select(w => TaskText.Canonical(tokenizer, w)).ToArray();
        return new TaskSample(task.Name, request.Length, request.Index, request.Seed, null, prompt.ToArray(), references,
            TaskText.Answer(task.Metric, references), task.TokensToGenerate, [], haystackStart, haystackLength);
    }

    // Compact: RULER's wording, shortened so the list keeps most of a 128-token prompt.
    string Header => task.Wording == Wording.Ruler
        ? "Below is a numbered list of words. In these words, some appear more often than others. Memorize the ones that appear most often."
        : "Below is a numbered list of words.";

    string Question(int common) => task.Wording == Wording.Ruler
        ? $"Question: What are the {common} most common words in the above list? Answer: The top {common} words that appear most often in the list are:"
        : $"Question: what are the {common} most common words in the list above? Answer: the {common} most common words are:";

    int ListTokens(int distinct, int freqCommon, int freqUncommon, int[][] wordTokens, NumberPieces numbers)
    {
        int entries = args.Common * freqCommon + (distinct - args.Common) * freqUncommon;
        int tokens = numbers.TokensUpTo(entries);
        for (int w = 0; w < distinct; w++) tokens += wordTokens[w].Length * (w < args.Common ? freqCommon : freqUncommon);
        return tokens;
    }

    /// <summary>Pool indices of the list entries in shuffled order: the first <c>Common</c> words repeat most.</summary>
    List<int> Entries(int distinct, int freqCommon, int freqUncommon, Random random)
    {
        var entries = new List<int>();
        for (int w = 0; w < distinct; w++) entries.AddRange(Enumerable.Repeat(w, w < args.Common ? freqCommon : freqUncommon));
        var shuffled = entries.ToArray();
        random.Shuffle(shuffled);
        return [.. shuffled];
    }

    /// <summary>A solved example with its own words (fixed size, not fitted), as RULER's one-shot demonstration.</summary>
    int[] Example(Random random)
    {
        var words = TaskText.Sample(random, WordPool.Content, args.ExampleWords);
        var entries = new List<string>();
        for (int w = 0; w < words.Length; w++)
            entries.AddRange(Enumerable.Repeat(words[w], w < args.Common ? args.ExampleFreqCommon : args.ExampleFreqUncommon));
        var shuffled = entries.ToArray();
        random.Shuffle(shuffled);
        string list = string.Join(" ", shuffled.Select((w, i) => $"{i + 1}. {w}"));
        string answer = TaskText.Answer(task.Metric, words[..args.Common]);
        return tokenizer.Encode($"{Header}\n{list}\n{Question(args.Common)} {answer}\n");
    }

    /// <summary>Token pieces " 1.", " 2.", … encoded once each, with running totals for fast length counting.</summary>
    sealed class NumberPieces(ITokenizer tokenizer)
    {
        readonly List<int[]> _pieces = [[]];
        readonly List<int> _totals = [0];

        public int[] this[int number] { get { Grow(number); return _pieces[number]; } }

        public int TokensUpTo(int count) { Grow(count); return _totals[count]; }

        void Grow(int number)
        {
            while (_pieces.Count <= number)
            {
                var piece = tokenizer.Encode($" {_pieces.Count}.");
                _totals.Add(_totals[^1] + piece.Length);
                _pieces.Add(piece);
            }
        }
    }
}
