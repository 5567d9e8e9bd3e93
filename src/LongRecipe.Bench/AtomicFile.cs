using System.Text;

namespace LongRecipe.Bench;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a half-written file:
/// the content goes to a temp file in the same directory (rename is only atomic within one file system), is flushed to
/// disk, then renamed over the target. If writing fails, the target is untouched and the temp file is removed.
/// </summary>
public static class AtomicFile
{
    // UTF-8 without a byte order mark: CSV/JSON/YAML readers elsewhere should not see a stray U+FEFF.
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private static long _tempCounter;

    public static void WriteAllText(string path, string text) =>
        Write(path, stream => stream.Write(Utf8.GetBytes(text)));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray(); // a span cannot be captured by the callback
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Writes UTF-8 text through a <see cref="TextWriter"/> (newlines are "\n" whatever the platform).</summary>
    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
            write(writer);
        });

    /// <summary>
    /// Lets <paramref name="fill"/> write a fresh folder beside <paramref name="folder"/>, then puts it in its place: a crash
    /// leaves the old folder (or none), never a half-written one under the real name.
    /// </summary>
    public static void WriteFolder(string folder, Action<string> fill)
    {
        string target = Path.GetFullPath(folder), parent = Path.GetDirectoryName(target)!, name = Path.GetFileName(target);
        string staging = Path.Combine(parent, $".{name}.{Guid.NewGuid():N}.tmp"), previous = Path.Combine(parent, $".{name}.{Guid.NewGuid():N}.old");
        Directory.CreateDirectory(staging);
        try
        {
            fill(staging);
            if (Directory.Exists(target)) Directory.Move(target, previous);
            Directory.Move(staging, target);
            if (Directory.Exists(previous)) Directory.Delete(previous, recursive: true);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Lets <paramref name="write"/> fill a fresh stream, then replaces <paramref name="path"/> with it.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        string tempPath = TempPathFor(fullPath);
        try
        {
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true); // fsync before the rename, so a crash cannot leave a renamed but empty file
            }
            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>The temp file lives beside its target and starts with '.' so directory listings and globs skip it.</summary>
    private static string TempPathFor(string fullPath)
    {
        long serial = Interlocked.Increment(ref _tempCounter);
        string name = $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{serial}.tmp";
        return Path.Combine(Path.GetDirectoryName(fullPath)!, name);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temp file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
