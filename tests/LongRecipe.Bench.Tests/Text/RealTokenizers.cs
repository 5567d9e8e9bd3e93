using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace LongRecipe.Bench.Tests.Text;

/// <summary>The committed real tokenizer fixtures (HuggingFace/README.md): where they are, and a folder to read one from.</summary>
internal static class RealTokenizers
{
    public static string Fixtures([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "HuggingFace");

    /// <summary>Writes <paramref name="vocab"/>'s tokenizer.json (unpacked) and tokenizer_config.json into <paramref name="folder"/>.</summary>
    public static string Unpack(string vocab, string folder)
    {
        Directory.CreateDirectory(folder);
        using (var packed = new GZipStream(File.OpenRead(Path.Combine(Fixtures(), vocab, "tokenizer.json.gz")), CompressionMode.Decompress))
        using (var unpacked = File.Create(Path.Combine(folder, "tokenizer.json")))
            packed.CopyTo(unpacked);
        File.Copy(Path.Combine(Fixtures(), vocab, "tokenizer_config.json"), Path.Combine(folder, "tokenizer_config.json"), overwrite: true);
        return folder;
    }
}
