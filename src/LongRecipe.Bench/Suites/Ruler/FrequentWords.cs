using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>Zipf exponent, vocabulary size per budget tokens (RULER: budget / 50), and a floor on the vocabulary size.</summary>
public sealed record FrequentWordsArgs(double Alpha, int TokensPerWord, int MinVocabulary) : ITaskArgs
{
    internal static FrequentWordsArgs Parse(ArgReader args) => new(
        args.Double("alpha", 2.0, 1.1, 10.0), args.Int("tokens_per_vocabulary_word", 50, 1), args.Int("min_vocabulary", 5, 5, WordPool.Content.Length));
}

/// <summary>
/// RULER's frequent-words extraction: "coded" words drawn with Zipf frequencies (count of rank k ∝ k^-alpha); the
/// rank-1 word is noise the prompt says to ignore, so the answer is ranks 2–4. Coded words are lexicon words in the
/// compact wording (RULER's random 6-letter strings cannot be spelled by a closed vocabulary) and RULER's in its wording. The noise is one dot, a single token as
/// RULER's "...." is for its tokenizers (the word tokenizer would spend a token per dot on the most frequent word).
/// The word total is binary-searched; the remainder is filled with more noise words, which never changes the answer.
/// </summary>
public sealed class FrequentWords(RulerTask task, FrequentWordsArgs args, ITokenizer tokenizer) : ITaskGenerator
{
    const string Noise = ".";
    const int Answers = 3;

    public string Name => task.Name;
    public int TokensToGenerate => task.TokensToGenerate;
    public Metric Metric => task.Metric;

    public TaskSample Generate(SampleRequest request)
    {
        var random = new Random(request.Seed);
        int budget = request.Length - task.TokensToGenerate;
        int vocabularySize = Math.Max(args.MinVocabulary, budget / args.TokensPerWord);
        string[] vocabulary = [Noise, .. CodedWords(random, vocabularySize - 1, request.Length)];
        var pieces = vocabulary.Select(w => tokenizer.Encode(" " + w)).ToArray();
        double zeta = Zeta(args.Alpha);
        var share = Enumerable.Range(1, vocabularySize).Select(k => Math.Pow(k, -args.Alpha) / zeta).ToArray();

        // Compact: RULER's wording, shortened so the coded text keeps most of a 128-token prompt.
        var (intro, question) = task.Wording == Wording.Ruler
            ? ("Read the following coded text and track the frequency of each coded word. Find the three most frequently appeared coded words.",
                "Question: Do not provide any explanation. Please ignore the dots '....'. What are the three most frequently appeared words in the above coded text? "
                + "Answer: According to the coded text above, the three most frequently appeared words are:")
            : ("Read the following coded text.\n", "Question: ignore the dots. What are the three most frequent coded words in the text above? "
                + "Answer: the three most frequent coded words are:");
        int[] prefix = tokenizer.Encode(intro);
        int[] suffix = tokenizer.Encode("\n" + question);
        int need = budget - prefix.Length - suffix.Length;
        int Tokens(int total) => Counts(total, share).Select((c, k) => c * pieces[k].Length).Sum();
        int high = (int)Math.Min(int.MaxValue / 4, zeta * (need + 1) + 1); // beyond this the noise word alone overflows
        int total = LengthSearch.LargestFitting(1, high, Tokens, need, task.Name, request.Length, "words");

        var words = Counts(total, share).SelectMany((count, k) => Enumerable.Repeat(k, count)).ToArray();
        random.Shuffle(words);
        var prompt = new PromptBuilder();
        prompt.Append(prefix);
        int haystackStart = prompt.Count;
        foreach (int k in words) prompt.Append(pieces[k]);
        HaystackFill.Take(Repeat(pieces[0]), need - (prompt.Count - haystackStart), task.Name, request.Length).AppendTo(prompt, []);
        int haystackLength = prompt.Count - haystackStart;
        prompt.Append(suffix);

        var references = vocabulary[1..(1 + Answers)].Select(w => TaskText.Canonical(tokenizer, w)).ToArray();
        return new TaskSample(task.Name, request.Length, request.Index, request.Seed, null, prompt.ToArray(), references,
            TaskText.Answer(task.Metric, references), task.TokensToGenerate, [], haystackStart, haystackLength);
    }

    /// <summary>Lexicon words (compact; the pool bounds the vocabulary) or RULER's random 6-letter strings.</summary>
    string[] CodedWords(Random random, int count, int length) => task.Wording switch
    {
        Wording.Ruler => TaskText.RandomLetterStrings(random, count, 6, 'a'),
        _ when count < WordPool.Content.Length => TaskText.Sample(random, WordPool.Content, count),
        _ => throw new PromptDoesNotFitException(task.Name, length, $"needs {count + 1} coded words but the pool has {WordPool.Content.Length}; raise tokens_per_vocabulary_word"),
    };

    /// <summary>Count of the rank-k word among <paramref name="total"/> words: floor(total · k^-alpha / zeta(alpha)), as RULER.</summary>
    static IEnumerable<int> Counts(int total, double[] share) => share.Select(s => (int)(total * s));

    static IEnumerable<int[]> Repeat(int[] piece)
    {
        while (true) yield return piece;
    }

    /// <summary>Riemann zeta for alpha &gt; 1: partial sum plus the integral tail (error far below one word).</summary>
    static double Zeta(double alpha)
    {
        const int terms = 10_000;
        double sum = 0;
        for (int k = 1; k <= terms; k++) sum += Math.Pow(k, -alpha);
        return sum + Math.Pow(terms + 0.5, 1 - alpha) / (alpha - 1);
    }
}
