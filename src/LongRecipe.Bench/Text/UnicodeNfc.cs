using System.Runtime.InteropServices;

namespace LongRecipe.Bench.Text;

/// <summary>
/// Unicode NFC, which Qwen2's tokenizer applies before anything else. This project runs with invariant globalization
/// (the same results whatever the machine's locale), and in that mode .NET's string.Normalize silently returns non-ASCII
/// text unchanged; so NFC is asked of ICU directly, loaded the way .NET itself finds it (libicuuc.so.N, symbols
/// suffixed _N). Text below U+0300 is already NFC and never needs ICU.
/// </summary>
public static class UnicodeNfc
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate IntPtr GetInstance(ref int status);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl, CharSet = CharSet.Unicode)]
    delegate int Normalize(IntPtr normalizer, [MarshalAs(UnmanagedType.LPWStr)] string source, int length, [Out] char[] destination, int capacity, ref int status);

    static readonly Lazy<(IntPtr Normalizer, Normalize Normalize)?> Icu = new(LoadIcu);

    /// <summary>True where NFC of any text can be computed (ICU found); text below U+0300 needs nothing.</summary>
    public static bool Available => Icu.Value is not null;

    public static string Apply(string text)
    {
        if (!text.AsSpan().ContainsAnyExceptInRange('\0', '\u02FF')) return text;
        var (normalizer, normalize) = Icu.Value ?? throw new PlatformNotSupportedException(
            "this tokenizer normalizes text to Unicode NFC, which needs ICU (libicuuc); install it (Debian: libicu72)");
        for (int capacity = text.Length + 16; ; capacity *= 2)
        {
            int status = 0;
            var buffer = new char[capacity];
            int length = normalize(normalizer, text, text.Length, buffer, capacity, ref status);
            if (status <= 0) return new string(buffer, 0, length);
            if (status != BufferOverflow) throw new InvalidOperationException($"ICU NFC failed with status {status}");
        }
    }

    const int BufferOverflow = 15;   // U_BUFFER_OVERFLOW_ERROR

    static (IntPtr, Normalize)? LoadIcu()
    {
        for (int version = 90; version >= 50; version--)
        {
            if (!NativeLibrary.TryLoad($"libicuuc.so.{version}", out var library)) continue;
            if (!NativeLibrary.TryGetExport(library, $"unorm2_getNFCInstance_{version}", out var getInstance)
                || !NativeLibrary.TryGetExport(library, $"unorm2_normalize_{version}", out var normalize)) continue;
            int status = 0;
            var instance = Marshal.GetDelegateForFunctionPointer<GetInstance>(getInstance)(ref status);
            if (status <= 0 && instance != IntPtr.Zero) return (instance, Marshal.GetDelegateForFunctionPointer<Normalize>(normalize));
        }
        return null;
    }
}
