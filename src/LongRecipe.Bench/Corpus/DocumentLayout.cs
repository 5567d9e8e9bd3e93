namespace LongRecipe.Bench.Corpus;

/// <summary>
/// Interleaves planted facts with filler to exactly the document length. Positions are drawn in "filler coordinates"
/// (how much filler precedes a sentence), so a fact's statement-to-recall gap is a uniform share of all the filler:
/// about 20–120 tokens in a 128-token document, up to the whole document in a long one.
/// </summary>
internal static class DocumentLayout
{
    public static Document Assemble(int length, IReadOnlyList<PlantedFact> facts, int minRecallGap,
        Func<List<int>, FillerWriter> fillerFor, Random random)
    {
        int filler = length - facts.Sum(fact => fact.Length);
        if (filler < 0) throw new ArgumentException($"Planted facts need {length - filler} tokens, more than the document's {length}.");

        var placements = new List<(int FillerBefore, int Fact, int Step, PlantedSentence Sentence)>();
        for (int f = 0; f < facts.Count; f++)
        {
            var sentences = facts[f].Sentences;
            int gap = filler <= minRecallGap ? filler : random.Next(minRecallGap, filler + 1);
            int stated = random.Next(0, filler - gap + 1);
            var offsets = new int[sentences.Length];
            offsets[0] = stated;
            offsets[^1] = stated + gap;
            for (int step = 1; step < sentences.Length - 1; step++) offsets[step] = random.Next(stated, stated + gap + 1);
            Array.Sort(offsets, 1, sentences.Length - 2);
            for (int step = 0; step < sentences.Length; step++) placements.Add((offsets[step], f, step, sentences[step]));
        }
        placements.Sort((a, b) => (a.FillerBefore, a.Fact, a.Step).CompareTo((b.FillerBefore, b.Fact, b.Step)));

        var tokens = new List<int>(length);
        var writer = fillerFor(tokens);
        int written = 0;
        foreach (var (fillerBefore, _, _, sentence) in placements)
        {
            writer.Fill(fillerBefore - written);
            written = fillerBefore;
            sentence.Start = tokens.Count;
            tokens.AddRange(sentence.Tokens);
        }
        writer.Fill(filler - written);
        if (tokens.Count != length) throw new InvalidOperationException($"Laid out {tokens.Count} tokens instead of {length}.");

        var (evidence, kinds) = Evidence(length, placements.Select(p => (p.Sentence, facts[p.Fact].Kind)));
        return new Document([.. tokens], evidence) { Kinds = kinds };
    }

    static (int[] Evidence, DependencyKind[] Kinds) Evidence(int length, IEnumerable<(PlantedSentence Sentence, PlantedKinds Kind)> sentences)
    {
        var evidence = new int[length];
        var kinds = new DependencyKind[length];
        Array.Fill(evidence, -1);
        foreach (var (sentence, kind) in sentences)
        {
            if (sentence.Source is not { } source || sentence.SourceOffsets is not { } offsets) continue;
            for (int i = 0; i < offsets.Length; i++)
                if (offsets[i] >= 0)
                {
                    evidence[sentence.Start + i] = source.Start + offsets[i];
                    kinds[sentence.Start + i] = DependencyKinds.Of(kind);
                }
        }
        return (evidence, kinds);
    }
}
