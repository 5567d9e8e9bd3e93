using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Corpus;

/// <summary>
/// Deterministic documents in the synthetic language: English-like filler from a small grammar with planted long-range
/// dependencies (<see cref="PlantedKinds"/>) and a ground-truth annotation of the tokens that need far-back context.
/// Each document also has a few topic nouns that recur in its filler; that soft, statistical dependency is deliberately
/// not annotated, since no single earlier token determines the next topic word.
/// Tokens are written as ids directly; a document ends with a complete sentence (its last token ends a sentence).
/// </summary>
public sealed class SyntheticCorpus
{
    /// <summary>Planted sentences may take at most this share of a document, so filler always separates statement and recall.</summary>
    const double MaxPlantedShare = 0.6;

    readonly WordTokenizer _tokenizer;
    readonly WordIds _words;
    readonly CorpusOptions _options;

    public SyntheticCorpus(WordTokenizer tokenizer, CorpusOptions? options = null)
    {
        _tokenizer = tokenizer;
        _words = new WordIds(tokenizer);
        _options = options ?? new CorpusOptions();
        _options.Validate();
    }

    public CorpusOptions Options => _options;

    /// <summary>A document of exactly <paramref name="length"/> tokens, drawn from <paramref name="random"/> only.</summary>
    public Document Generate(int length, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (_options.RepeatShare > 0 && length >= 8 && random.NextDouble() < _options.RepeatShare) return Repeated(length, random);
        return Fresh(length, random);
    }

    /// <summary>
    /// A text followed by its verbatim repeat (and a newline when the length is odd). Every repeated token after the
    /// first is annotated with its original: dense copying of this kind is what lets a small model form induction heads.
    /// </summary>
    Document Repeated(int length, Random random)
    {
        int half = length / 2;
        var text = Fresh(half, random);
        int[] tokens = [.. text.Tokens, .. text.Tokens, .. (length % 2 == 1 ? new[] { _words.Newline } : [])];
        var evidence = new int[length];
        Array.Fill(evidence, -1);
        Array.Copy(text.EvidenceIndex, evidence, half);
        for (int i = half + 1; i < 2 * half; i++) evidence[i] = i - half;
        return new Document(tokens, evidence);
    }

    Document Fresh(int length, Random random)
    {
        int[] nouns = [.. _words.Nouns];
        random.Shuffle(nouns);
        int[] topicNouns = nouns[.._options.TopicWordCount];
        int[] adjectives = [.. _words.Adjectives];
        random.Shuffle(adjectives);
        int[] names = [.. _words.Names];
        random.Shuffle(names);

        // Keys and variable names are nouns first; adjectives only extend the pool for very long documents.
        var source = new PlantedFactSource(_words, _options, [.. nouns[_options.TopicWordCount..], .. adjectives], names, random);
        var facts = ChooseFacts(length, source, random);
        return DocumentLayout.Assemble(length, facts, _options.MinRecallGap,
            tokens => new FillerWriter(_words, tokens, topicNouns, _options.TopicWordRate, random), random);
    }

    /// <summary>
    /// <paramref name="count"/> documents; document k depends only on (<paramref name="seed"/>, k), so it is the same
    /// whatever the count and can be regenerated alone.
    /// </summary>
    public IEnumerable<Document> Documents(int count, int length, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return Iterate();

        IEnumerable<Document> Iterate()
        {
            for (int k = 0; k < count; k++) yield return Generate(length, new Random(DocumentSeed(seed, k)));
        }
    }

    /// <summary>SplitMix64 finaliser over (seed, index): neighbouring seeds and indices give unrelated streams.</summary>
    internal static int DocumentSeed(int seed, int index)
    {
        ulong z = ((ulong)(uint)seed << 32) | (uint)index;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) >> 33);
    }

    /// <summary>The document's text with each long-range dependent token shown as [token^distance].</summary>
    public string Describe(Document document) => DocumentText.Render(_tokenizer, document);

    /// <summary>
    /// Adds facts until their annotated tokens reach the target share; the last one is kept with the probability that
    /// makes the expected share equal the target, so the share is the same at every length.
    /// </summary>
    List<PlantedFact> ChooseFacts(int length, PlantedFactSource source, Random random)
    {
        var facts = new List<PlantedFact>();
        double target = _options.EvidenceShare * length;
        int planted = 0, annotated = 0;
        while (annotated < target && source.Next() is { } fact)
        {
            if (planted + fact.Length > MaxPlantedShare * length) break;
            if (annotated + fact.EvidenceCount > target && random.NextDouble() >= (target - annotated) / fact.EvidenceCount) break;
            facts.Add(fact);
            planted += fact.Length;
            annotated += fact.EvidenceCount;
        }
        return facts;
    }
}
