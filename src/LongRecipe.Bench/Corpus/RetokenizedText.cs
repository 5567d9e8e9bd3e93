using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Corpus;

/// <summary>
/// The synthetic text in another tokenizer's ids, for models that read their own vocabulary (`evaluate` on a Hugging Face
/// checkpoint): each document is written in the word tokenizer's ids, decoded to text and encoded again. Evidence
/// annotations point at word ids and do not survive the change, so every token is unannotated (far-token loss is empty).
/// </summary>
public sealed class RetokenizedText(IDocumentSource words, WordTokenizer from, ITokenizer to) : IDocumentSource
{
    public Document Generate(int length, Random random)
    {
        var tokens = new List<int>(length);
        // Subword vocabularies spend about as many or more tokens per word than the word tokenizer, so one source document
        // usually suffices; shorter results take another from the same stream.
        while (tokens.Count < length)
            tokens.AddRange(to.Encode((tokens.Count == 0 ? "" : " ") + from.Decode(words.Generate(length, random).Tokens)));
        return new Document([.. tokens.Take(length)], Enumerable.Repeat(-1, length).ToArray());
    }
}
