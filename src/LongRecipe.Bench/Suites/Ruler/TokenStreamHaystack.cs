using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Suites.Ruler;

/// <summary>
/// Adapts any generator of token streams (e.g. <c>(n, r) => corpus.Generate(n, r).Tokens</c>) into essay sentences:
/// each generated chunk is cut after every sentence-ending token. Chunks are requested as the reader needs them.
/// </summary>
public sealed class TokenStreamHaystack(Func<int, Random, int[]> generate, int chunkTokens = 4096) : IHaystackSource
{
    public IEnumerable<int[]> Sentences(ITokenizer tokenizer, Random random)
    {
        while (true)
        {
            int[] chunk = generate(chunkTokens, random);
            if (chunk.Length == 0) throw new InvalidOperationException("the token stream generator returned an empty chunk");
            int start = 0;
            for (int i = 0; i < chunk.Length; i++)
            {
                if (!tokenizer.EndsSentence(chunk[i])) continue;
                yield return chunk[start..(i + 1)];
                start = i + 1;
            }
            if (start < chunk.Length) yield return chunk[start..]; // an unfinished last sentence still fills tokens
        }
    }
}
