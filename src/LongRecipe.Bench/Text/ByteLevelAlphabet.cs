using System.Text;

namespace LongRecipe.Bench.Text;

/// <summary>
/// GPT-2's byte-level alphabet, which Llama 3 and Qwen2 vocabularies are written in: the printable Latin-1 bytes stand for
/// themselves, the other 68 bytes (controls, space, soft hyphen …) for U+0100 onward in byte order.
/// </summary>
public static class ByteLevelAlphabet
{
    static readonly char[] CharOf = Build();

    static char[] Build()
    {
        var chars = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
            chars[b] = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF ? (char)b : (char)next++;
        return chars;
    }

    /// <summary>Character → the byte it stands for.</summary>
    public static Dictionary<char, byte> Inverse() => Enumerable.Range(0, 256).ToDictionary(b => CharOf[b], b => (byte)b);

    /// <summary>Text as a vocabulary entry spells it: its UTF-8 bytes in this alphabet.</summary>
    public static string Spell(string text) => new([.. Encoding.UTF8.GetBytes(text).Select(b => CharOf[b])]);
}
