using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Corpus;

/// <summary>
/// Deterministic documents in the synthetic language: English-like filler from a small grammar with planted long-range
/// dependencies (<see cref="PlantedKinds"/>) and a ground-truth annotation of the tokens that need far-back context.
/// Each document also has a few topic nouns that recur in its filler; that soft, statistical dependency is deliberately
/// not annotated, since no single earlier token determines the next topic word.
/// Tokens are written as ids directly; a grammar document ends with a complete sentence (its last token ends a sentence),
/// while a copy document (<see cref="CorpusOptions.RepeatShare"/>) is random words and may stop anywhere.
/// </summary>
public sealed class SyntheticCorpus : IDocumentSource
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
    /// Random words and number pieces (half of the fresh tokens each) in which spans of earlier text recur: each piece is
    /// either new random tokens or a verbatim copy of a random earlier span (8–48 tokens, from anywhere before). Every
    /// copied token after a span's first is annotated with its original. The tokens are random, not grammar, so only
    /// copying predicts a recurrence, and the copy distance varies, so only matching content (an induction head) finds
    /// it: a fixed offset, as a text followed by its repeat has, teaches a small model to copy from "64 tokens back".
    /// </summary>
    Document Repeated(int length, Random random)
    {
        var tokens = new List<int>(length);
        var evidence = new List<int>(length);
        while (tokens.Count < length)
        {
            int span = Math.Min(random.Next(MinCopySpan, MaxCopySpan + 1), length - tokens.Count);
            if (tokens.Count >= MinCopySpan && random.Next(2) == 0)
            {
                int source = random.Next(0, tokens.Count - MinCopySpan + 1);
                span = Math.Min(span, tokens.Count - source);
                for (int i = 0; i < span; i++)
                {
                    tokens.Add(tokens[source + i]);
                    evidence.Add(i == 0 ? -1 : source + i);
                }
            }
            else
                for (int i = 0; i < span; i++)
                {
                    // Number pieces as often as words: the suites' answers are mostly numbers.
                    bool number = random.NextDouble() < CopyNumberShare;
                    tokens.Add(number ? _words.NumberPiece(random) : _words.Copyable[random.Next(_words.Copyable.Length)]);
                    evidence.Add(-1);
                }
        }
        return new Document([.. tokens], [.. evidence])
        {
            Kinds = [.. evidence.Select(e => e >= 0 ? DependencyKind.Copy : DependencyKind.None)],
        };
    }

    // Long spans: most of a copy document is predictable once a model copies, a dense signal that ends the induction plateau fast.
    const int MinCopySpan = 8, MaxCopySpan = 48;
    const double CopyNumberShare = 0.5;

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
