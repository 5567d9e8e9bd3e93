using System.Security.Cryptography;

namespace LongRecipe.Bench.Suites;

/// <summary>
/// One generated prompt with its answers. <see cref="Answer"/> is the text a model should emit after the prompt (then
/// EOS); it scores 100 under the task's metric. <see cref="NeedlePositions"/> are the token indices where the
/// answer-bearing pieces start (RULER's token_position_answer); <see cref="HaystackStart"/>/<see cref="HaystackLength"/>
/// bound the filler region (inserts included) so depth can be checked against it.
/// </summary>
public sealed record TaskSample(
    string Task,
    int Length,
    int Index,
    int Seed,
    double? Depth,
    int[] Prompt,
    IReadOnlyList<string> References,
    string Answer,
    int TokensToGenerate,
    IReadOnlyList<int> NeedlePositions,
    int HaystackStart,
    int HaystackLength)
{
    /// <summary>First 16 hex digits of SHA-256 over the prompt ids (little-endian int32), to tell prompts apart across runs.</summary>
    public string PromptHash => HashTokens(Prompt);

    public static string HashTokens(int[] tokens)
    {
        var bytes = new byte[tokens.Length * sizeof(int)];
        Buffer.BlockCopy(tokens, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian) Array.Reverse(bytes); // never taken on x64/arm64; keeps the hash defined
        return Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
    }
}
