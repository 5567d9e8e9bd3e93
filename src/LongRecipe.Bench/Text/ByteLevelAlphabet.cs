namespace LongRecipe.Bench.Text;

/// <summary>
/// GPT-2's byte-level alphabet, which Llama 3 and Qwen2 vocabularies are written in: the printable Latin-1 bytes stand for
/// themselves, the other 68 bytes (controls, space, soft hyphen …) for U+0100 onward in byte order.
/// </summary>
public static class ByteLevelAlphabet
{
    public static Dictionary<char, byte> Inverse()
    {
        var byteOf = new Dictionary<char, byte>();
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            byteOf[(char)(printable ? b : next++)] = (byte)b;
        }
        return byteOf;
    }
}
