namespace LongRecipe.Bench.Corpus;

/// <summary>
/// Writes filler text of an exact token count from a small English-like grammar: clauses "subject verb object [adverb]
/// [preposition noun-phrase]" joined by conjunctions, "who …?" questions, copulas ("the lamp is bright !"), "there is …"
/// and paragraph breaks. Every sentence ends with '.', '?', '!' or a newline, so any length can be met exactly
/// (1 = newline, 2 = "yes .", 3 = "we go ."). Nouns lean towards the document's topic nouns.
/// </summary>
internal sealed class FillerWriter(WordIds words, List<int> output, int[] topicNouns, double topicRate, Random random)
{
    public const int MaxSentenceLength = 16;
    const int MinNaturalSentenceLength = 4;
    const double ParagraphBreakRate = 0.05;
    const int MaxNounPhrase = 3;          // determiner adjective noun
    const int MaxVerbPhrase = 9;          // verb + object(3) + adverb(1) + prepositional phrase(4)
    const int MaxSimpleClause = MaxNounPhrase + MaxVerbPhrase;

    /// <summary>(object, adverb, prepositional phrase) lengths that sum to a verb phrase's tail, indexed by that sum.</summary>
    static readonly (int Object, int Adverb, int Phrase)[][] TailShapes = BuildTailShapes();

    readonly int _we = words.Id("we"), _they = words.Id("they"), _go = words.Id("go"), _here = words.Id("here");
    readonly int _yes = words.Id("yes"), _no = words.Id("no"), _who = words.Id("who"), _is = words.Id("is");
    readonly int _there = words.Id("there"), _in = words.Id("in");

    /// <summary>Appends exactly <paramref name="length"/> tokens of whole sentences.</summary>
    public void Fill(int length)
    {
        while (length > 0)
        {
            int sentence = length <= MaxSentenceLength
                ? length
                : random.Next(MinNaturalSentenceLength, Math.Min(MaxSentenceLength, length - MinNaturalSentenceLength) + 1);
            if (length > 1 && random.NextDouble() < ParagraphBreakRate) sentence = 1;
            Sentence(sentence);
            length -= sentence;
        }
    }

    /// <summary>Appends one sentence of exactly <paramref name="length"/> tokens, its end mark included.</summary>
    public void Sentence(int length)
    {
        switch (length)
        {
            case <= 0: throw new ArgumentOutOfRangeException(nameof(length), length, "A sentence needs at least one token.");
            case 1: output.Add(words.Newline); return;
            case 2: Add(random.Next(2) == 0 ? _yes : _no, random.Next(3) == 0 ? words.ExclamationMark : words.Period); return;
            case 3: Add(random.Next(2) == 0 ? _we : _they, _go, words.Period); return;
        }
        double roll = random.NextDouble();
        if (roll < 0.10 && length - 2 <= MaxVerbPhrase)
        {
            output.Add(_who);
            VerbPhrase(length - 2);
            output.Add(words.QuestionMark);
        }
        else if (roll < 0.17 && length - 3 <= MaxNounPhrase)
        {
            NounPhrase(length - 3, subject: true);
            Add(_is, Pick(words.Adjectives), random.Next(3) == 0 ? words.ExclamationMark : words.Period);
        }
        else if (roll < 0.22 && length - 3 <= MaxNounPhrase)
        {
            output.Add(_is);
            NounPhrase(length - 3, subject: true);
            Add(Pick(words.Adjectives), words.QuestionMark);
        }
        else if (roll < 0.27 && length is >= 8 and <= 10)
        {
            int first = length == 8 ? 2 : length == 10 ? 3 : 2 + random.Next(2);
            Add(_there, _is);
            NounPhrase(first, subject: false);
            output.Add(_in);
            NounPhrase(length - 4 - first, subject: false);
            output.Add(words.Period);
        }
        else if (roll < 0.29 && length == 4) Add(_here, _we, _go, words.Period);
        else
        {
            Clause(length - 1);
            output.Add(random.Next(30) == 0 ? words.ExclamationMark : words.Period);
        }
    }

    /// <summary>A clause of at least 3 tokens; long ones become two clauses joined by a conjunction (", but", "while", …).</summary>
    void Clause(int length)
    {
        bool compound = length > MaxSimpleClause || (length >= 8 && random.NextDouble() < 0.3);
        if (!compound)
        {
            SimpleClause(length);
            return;
        }
        int joiner = random.Next(2) == 0 ? 1 : 2;
        int first = random.Next(3, Math.Min(MaxSimpleClause, length - joiner - 3) + 1);
        SimpleClause(first);
        if (joiner == 2) output.Add(words.Comma);
        output.Add(Pick(words.Conjunctions));
        Clause(length - joiner - first);
    }

    void SimpleClause(int length)
    {
        int minSubject = Math.Max(1, length - MaxVerbPhrase), maxSubject = Math.Min(MaxNounPhrase, length - 2);
        int subject = random.Next(minSubject, maxSubject + 1);
        NounPhrase(subject, subject: true);
        VerbPhrase(length - subject);
    }

    /// <summary>verb [object] [adverb] [prepositional phrase]; the adverb goes before the verb or after the object.</summary>
    void VerbPhrase(int length)
    {
        var shapes = TailShapes[length - 1];
        var (objectLength, adverb, phrase) = shapes[random.Next(shapes.Length)];
        bool adverbFirst = adverb == 1 && random.Next(2) == 0;
        if (adverbFirst) output.Add(Pick(words.Adverbs));
        output.Add(Pick(words.Verbs));
        NounPhrase(objectLength, subject: false);
        if (adverb == 1 && !adverbFirst) output.Add(Pick(words.Adverbs));
        if (phrase > 0)
        {
            output.Add(Pick(words.Prepositions));
            NounPhrase(phrase - 1, subject: false);
        }
    }

    /// <summary>1 token: a name (or, as an object, sometimes a place); 2: determiner noun; 3: determiner adjective noun.</summary>
    void NounPhrase(int length, bool subject)
    {
        if (length == 1)
        {
            output.Add(!subject && random.Next(3) == 0 ? Pick(words.Places) : Pick(words.Names));
            return;
        }
        output.Add(Pick(words.Determiners));
        if (length == 3) output.Add(Pick(words.Adjectives));
        output.Add(topicNouns.Length > 0 && random.NextDouble() < topicRate ? Pick(topicNouns) : Pick(words.Nouns));
    }

    int Pick(int[] ids) => ids[random.Next(ids.Length)];

    void Add(params ReadOnlySpan<int> ids) => output.AddRange(ids);

    static (int, int, int)[][] BuildTailShapes()
    {
        var shapes = new (int, int, int)[MaxVerbPhrase][];
        for (int tail = 0; tail < shapes.Length; tail++)
        {
            var fitting = new List<(int, int, int)>();
            for (int obj = 1; obj <= MaxNounPhrase; obj++)
                for (int adverb = 0; adverb <= 1; adverb++)
                    foreach (int phrase in (int[])[0, 2, 3, 4])
                        if (obj + adverb + phrase == tail) fitting.Add((obj, adverb, phrase));
            shapes[tail] = [.. fitting];
        }
        return shapes;
    }
}
