using System.Buffers.Binary;
using System.Text;
using LongRecipe.Bench.Model;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Model;

/// <summary>Every kind of bad file gives one CheckpointException whose message names the file and the field.</summary>
public sealed class SafetensorsCorruptionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void MissingFile()
    {
        string path = _temp.File("absent.safetensors");

        AssertRejected(path, "file", "does not exist");
    }

    [Fact]
    public void FileShorterThanTheLengthPrefix()
    {
        string path = _temp.File("tiny.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);

        AssertRejected(path, "header length", "shorter than the 8-byte header length");
    }

    [Fact]
    public void HeaderLengthBeyondTheFile()
    {
        string path = _temp.File("long.safetensors");
        byte[] bytes = new byte[8 + 10];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 11);
        File.WriteAllBytes(path, bytes);

        AssertRejected(path, "header length", "11 bytes claimed but only 10 follow");
    }

    [Fact]
    public void InvalidJson()
    {
        string path = WriteRaw("bad.safetensors", "{\"w\": {\"dtype\": \"F32\",", []);

        AssertRejected(path, "header", "invalid JSON");
    }

    [Fact]
    public void HeaderThatIsNotAnObject()
    {
        string path = WriteRaw("array.safetensors", "[1, 2]", []);

        AssertRejected(path, "header", "expected a JSON object");
    }

    [Fact]
    public void UnknownDtype()
    {
        string path = WriteRaw("dtype.safetensors", Entry("w", "F8_E4M3", "[2]", "[0, 2]"), new byte[2]);

        AssertRejected(path, "w.dtype", "unknown dtype 'F8_E4M3'");
    }

    [Fact]
    public void OffsetsBeyondTheData()
    {
        string path = WriteRaw("range.safetensors", Entry("w", "F32", "[2]", "[0, 8]"), new byte[4]);

        AssertRejected(path, "w.data_offsets", "not a range within the 4 data bytes");
    }

    [Fact]
    public void OffsetsThatEndBeforeTheyBegin()
    {
        string path = WriteRaw("reversed.safetensors", Entry("w", "F32", "[0]", "[4, 0]"), new byte[4]);

        AssertRejected(path, "w.data_offsets", "is not a range");
    }

    [Fact]
    public void NegativeOffset()
    {
        string path = WriteRaw("negative.safetensors", Entry("w", "F32", "[1]", "[-4, 0]"), new byte[4]);

        AssertRejected(path, "w.data_offsets", "not a non-negative integer");
    }

    [Fact]
    public void OverlappingTensors()
    {
        string header = "{" + Entry("a", "F32", "[2]", "[0, 8]")[1..^1] + "," + Entry("b", "F32", "[2]", "[4, 12]")[1..^1] + "}";
        string path = WriteRaw("overlap.safetensors", header, new byte[12]);

        AssertRejected(path, "b.data_offsets", "overlaps tensor 'a'");
    }

    [Fact]
    public void ShapeAndDtypeDisagreeWithTheByteCount()
    {
        string path = WriteRaw("size.safetensors", Entry("w", "BF16", "[2, 3]", "[0, 8]"), new byte[12]);

        AssertRejected(path, "w", "needs 12 bytes but data_offsets give 8");
    }

    [Fact]
    public void MissingShape()
    {
        string path = WriteRaw("shape.safetensors", "{\"w\": {\"dtype\": \"F32\", \"data_offsets\": [0, 4]}}", new byte[4]);

        AssertRejected(path, "w.shape", "missing or not an array");
    }

    [Fact]
    public void MetadataValueThatIsNotAString()
    {
        string path = WriteRaw("meta.safetensors", "{\"__metadata__\": {\"step\": 3}}", []);

        AssertRejected(path, "__metadata__.step", "expected a string");
    }

    [Fact]
    public void DuplicateTensorName()
    {
        string header = "{" + Entry("w", "U8", "[1]", "[0, 1]")[1..^1] + "," + Entry("w", "U8", "[1]", "[1, 2]")[1..^1] + "}";
        string path = WriteRaw("twice.safetensors", header, new byte[2]);

        AssertRejected(path, "w", "appears twice");
    }

    [Fact]
    public void TruncatedFile()
    {
        string path = _temp.File("cut.safetensors");
        using var tensor = ones(16, dtype: ScalarType.Float32);
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = tensor });
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..^5]);

        AssertRejected(path, "w.data_offsets", "not a range within");
    }

    [Fact]
    public void AskingForATensorTheFileDoesNotHave()
    {
        string path = WriteRaw("one.safetensors", Entry("w", "U8", "[1]", "[0, 1]"), [7]);

        var error = Assert.Throws<CheckpointException>(() => Safetensors.Open(path).Load("v"));

        Assert.Equal($"{path}: v: no such tensor in the file", error.Message);
    }

    private void AssertRejected(string path, string field, string problem)
    {
        var error = Assert.Throws<CheckpointException>(() => Safetensors.Open(path));
        Assert.StartsWith($"{path}: {field}: ", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Equal(path, error.File);
        Assert.Equal(field, error.Field);
    }

    private static string Entry(string name, string dtype, string shape, string offsets) =>
        $"{{\"{name}\": {{\"dtype\": \"{dtype}\", \"shape\": {shape}, \"data_offsets\": {offsets}}}}}";

    private string WriteRaw(string fileName, string headerJson, byte[] data)
    {
        byte[] header = Encoding.UTF8.GetBytes(headerJson);
        byte[] file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        string path = _temp.File(fileName);
        File.WriteAllBytes(path, file);
        return path;
    }
}
