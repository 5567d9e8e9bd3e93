namespace LongRecipe.Bench.Tests;

public sealed class AtomicFileTests
{
    [Fact]
    public void WritesTextAsUtf8WithoutByteOrderMark()
    {
        using var temp = new TempFolder();
        string path = temp.File("a.txt");

        AtomicFile.WriteAllText(path, "ä\n");

        Assert.Equal(new byte[] { 0xC3, 0xA4, (byte)'\n' }, File.ReadAllBytes(path));
    }

    [Fact]
    public void ReplacesAnExistingFileAndLeavesNoTempFiles()
    {
        using var temp = new TempFolder();
        string path = temp.File("a.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);

        AtomicFile.WriteAllBytes(path, [4, 5]);

        Assert.Equal(new byte[] { 4, 5 }, File.ReadAllBytes(path));
        Assert.Equal(["a.bin"], Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName));
    }

    [Fact]
    public void AWriterThatThrowsMidwayLeavesTheOldFileAndNoTempFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("a.txt");
        AtomicFile.WriteAllText(path, "old content");

        var error = Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteText(path, writer =>
        {
            writer.Write(new string('x', 1 << 20)); // enough that the temp file really holds data
            writer.Flush();
            throw new InvalidOperationException("midway");
        }));

        Assert.Equal("midway", error.Message);
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal(["a.txt"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void AFailedFirstWriteCreatesNoFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("never.bin");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, _ => throw new IOException("disk full")));

        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void CreatesMissingDirectories()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "x", "y", "z.txt");

        AtomicFile.WriteText(path, writer => writer.WriteLine("line"));

        Assert.Equal("line\n", File.ReadAllText(path));
    }
}
