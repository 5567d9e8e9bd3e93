namespace LongRecipe.Bench.Corpus;

/// <summary>
/// Draws the planted facts of one document (see <see cref="PlantedKinds"/> for their wording). Keys and variable names
/// come from one pool and entity names from another, each used at most once per document, so every recall is unambiguous;
/// a kind whose pool is used up is no longer drawn.
/// </summary>
internal sealed class PlantedFactSource(WordIds words, CorpusOptions options, int[] keyPool, int[] namePool, Random random)
{
    int _nextKey, _nextName;
    readonly int _the = words.Id("the"), _special = words.Id("special"), _magic = words.Id("magic"), _number = words.Id("number");
    readonly int _for = words.Id("for"), _is = words.Id("is"), _var = words.Id("var"), _lives = words.Id("lives");
    readonly int _in = words.Id("in"), _where = words.Id("where"), _does = words.Id("does"), _live = words.Id("live");
    readonly int _remember = words.Id("remember"), _one = words.Id("one"), _of = words.Id("of"), _numbers = words.Id("numbers");
    readonly int _mentioned = words.Id("mentioned"), _text = words.Id("text"), _above = words.Id("above"), _what = words.Id("what");

    /// <summary>A fact of a random enabled kind that still has unused names, or null when none has.</summary>
    public PlantedFact? Next()
    {
        int hops = random.Next(1, options.MaxChainHops + 1);
        Span<PlantedKinds> available = stackalloc PlantedKinds[4];
        int count = 0;
        if (options.Kinds.HasFlag(PlantedKinds.KeyValue) && KeysLeft >= 1) available[count++] = PlantedKinds.KeyValue;
        if (options.Kinds.HasFlag(PlantedKinds.VariableChain) && KeysLeft >= hops + 1) available[count++] = PlantedKinds.VariableChain;
        if (options.Kinds.HasFlag(PlantedKinds.EntityFact) && _nextName < namePool.Length) available[count++] = PlantedKinds.EntityFact;
        if (options.Kinds.HasFlag(PlantedKinds.Passage)) available[count++] = PlantedKinds.Passage;
        if (count == 0) return null;
        return available[random.Next(count)] switch
        {
            PlantedKinds.KeyValue => KeyValue(),
            PlantedKinds.VariableChain => VariableChain(hops),
            PlantedKinds.Passage => Passage(),
            _ => EntityFact(),
        };
    }

    int KeysLeft => keyPool.Length - _nextKey;

    /// <summary>
    /// A RULER needle and its question, so the skill the suite probes is the one pretraining teaches:
    /// "one of the special magic numbers for K is : D… ." … "what is the special magic number for K mentioned in the text
    /// above ? the special magic number for K mentioned in the text above is : D… ." The answer's digits are annotated.
    /// </summary>
    PlantedFact KeyValue()
    {
        int key = keyPool[_nextKey++];
        int[] digits = Digits();
        int[] statement = [_one, _of, _the, _special, _magic, _numbers, _for, key, _is, words.Colon, .. digits, words.Period];
        int[] about = [_the, _special, _magic, _number, _for, key, _mentioned, _in, _the, _text, _above];
        int[] recall = [_what, _is, .. about, words.QuestionMark, .. about, _is, words.Colon, .. digits, words.Period];
        var offsets = new int[recall.Length];
        Array.Fill(offsets, -1);
        int statedAt = statement.Length - 1 - digits.Length, recalledAt = recall.Length - 1 - digits.Length;
        for (int d = 0; d < digits.Length; d++) offsets[recalledAt + d] = statedAt + d;
        var stated = new PlantedSentence(statement);
        return new PlantedFact(PlantedKinds.KeyValue, [stated, new PlantedSentence(recall, stated, offsets)]);
    }

    /// <summary>"var A = D… ." then "var B = var A ." per hop, then "var Z is D… ." for the chain's last name.</summary>
    PlantedFact VariableChain(int hops)
    {
        int[] digits = Digits();
        int first = keyPool[_nextKey++];
        var sentences = new PlantedSentence[hops + 2];
        sentences[0] = new PlantedSentence([_var, first, words.EqualsSign, .. digits, words.Period]);
        int previous = first;
        for (int hop = 1; hop <= hops; hop++)
        {
            int name = keyPool[_nextKey++];
            sentences[hop] = new PlantedSentence([_var, name, words.EqualsSign, _var, previous, words.Period]);
            previous = name;
        }
        int[] query = [_var, previous, _is, .. digits, words.Period];
        sentences[^1] = new PlantedSentence(query, sentences[0], CopyOffsets(query.Length, firstCopied: 3, copied: digits.Length));
        return new PlantedFact(PlantedKinds.VariableChain, sentences);
    }

    /// <summary>"N lives in P ." then "where does N live ? P ."</summary>
    PlantedFact EntityFact()
    {
        int name = namePool[_nextName++], place = words.Places[random.Next(words.Places.Length)];
        var stated = new PlantedSentence([name, _lives, _in, place, words.Period]);
        int[] question = [_where, _does, name, _live, words.QuestionMark, place, words.Period];
        int[] offsets = [-1, -1, -1, -1, -1, 3, -1];
        return new PlantedFact(PlantedKinds.EntityFact, [stated, new PlantedSentence(question, stated, offsets)]);
    }

    /// <summary>"remember W1 … Wn ." (distinct code words) stated, then repeated verbatim; W2…Wn of the repeat are annotated.</summary>
    PlantedFact Passage()
    {
        var passage = words.CodeWords.ToArray();
        random.Shuffle(passage);
        passage = passage[..random.Next(4, 9)];   // short, from 48 words: passages rarely share a word
        int[] statement = [_remember, .. passage, words.Period];
        var stated = new PlantedSentence(statement);
        return new PlantedFact(PlantedKinds.Passage, [stated, new PlantedSentence(statement, stated, CopyOffsets(statement.Length, firstCopied: 2, copied: passage.Length - 1))]);
    }

    int[] Digits() => words.Number(random.Next(options.MinDigits, options.MaxDigits + 1), random);

    /// <summary>Offsets for a recall whose tokens [firstCopied, firstCopied + copied) copy the same offsets of the source.</summary>
    static int[] CopyOffsets(int length, int firstCopied, int copied)
    {
        var offsets = new int[length];
        Array.Fill(offsets, -1);
        for (int i = firstCopied; i < firstCopied + copied; i++) offsets[i] = i;
        return offsets;
    }
}
