using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using LongRecipe.Bench.Model;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Tests.Model;

public sealed class SafetensorsTests
{
    public static TheoryData<ScalarType> StoredTypes =>
    [
        ScalarType.Float64, ScalarType.Float32, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Int64,
        ScalarType.Int32, ScalarType.Int16, ScalarType.Int8, ScalarType.Byte, ScalarType.Bool,
    ];

    [Theory]
    [MemberData(nameof(StoredTypes))]
    public void RoundTripIsBitExact(ScalarType type)
    {
        using var temp = new TempFolder();
        using var tensor = RandomBits(type, [3, 5, 7], seed: 11);
        string path = temp.File("t.safetensors");

        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = tensor });
        using var loaded = Safetensors.Open(path).Load("w");

        Assert.Equal(type, loaded.dtype);
        Assert.Equal(tensor.shape, loaded.shape);
        Assert.Equal(tensor.bytes.ToArray(), loaded.bytes.ToArray());
    }

    [Fact]
    public void Float32SpecialValuesKeepTheirBits()
    {
        using var temp = new TempFolder();
        float[] values =
        [
            -0.0f, 0.0f, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon,
            BitConverter.Int32BitsToSingle(0x7FC0_0001), // quiet NaN with a payload
            BitConverter.Int32BitsToSingle(unchecked((int)0xFFC1_2345)), // negative NaN with a payload
        ];
        using var special = tensor(values);
        string path = temp.File("special.safetensors");

        Safetensors.Save(path, new Dictionary<string, Tensor> { ["v"] = special });
        using var loaded = Safetensors.Load(path)["v"];

        int[] expectedBits = values.Select(BitConverter.SingleToInt32Bits).ToArray();
        int[] loadedBits = loaded.data<float>().ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
        Assert.Equal(expectedBits, loadedBits);
    }

    [Fact]
    public void ScalarAndEmptyTensorsRoundTrip()
    {
        using var temp = new TempFolder();
        using var scalar = tensor(2.5f);
        using var emptyRows = zeros(0, 3, dtype: ScalarType.Int64);
        string path = temp.File("edge.safetensors");

        Safetensors.Save(path, new Dictionary<string, Tensor> { ["scalar"] = scalar, ["empty"] = emptyRows });
        var loaded = Safetensors.Load(path);

        Assert.Empty(loaded["scalar"].shape);
        Assert.Equal(2.5f, loaded["scalar"].item<float>());
        Assert.Equal(new long[] { 0, 3 }, loaded["empty"].shape);
        Assert.Equal(ScalarType.Int64, loaded["empty"].dtype);
    }

    [Fact]
    public void MetadataRoundTripsAndEntriesDescribeTheTensors()
    {
        using var temp = new TempFolder();
        using var a = RandomBits(ScalarType.BFloat16, [4, 2], seed: 1);
        using var b = RandomBits(ScalarType.Int32, [3], seed: 2);
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["step"] = "1200", ["note"] = "ünïcode \"quoted\"" };
        string path = temp.File("m.safetensors");

        Safetensors.Save(path, new Dictionary<string, Tensor> { ["b"] = b, ["a"] = a }, metadata);
        var file = Safetensors.Open(path);

        Assert.Equal(metadata.OrderBy(m => m.Key), file.Metadata.OrderBy(m => m.Key));
        var entryA = file.Entry("a");
        Assert.Equal(("BF16", ScalarType.BFloat16, 16L), (entryA.DType, entryA.ScalarType, entryA.ByteLength));
        Assert.Equal([4L, 2L], entryA.Shape);
        Assert.Equal(["a", "b"], file.Names);
    }

    [Fact]
    public void SavingLeavesTheCallersTensorsUsable()
    {
        using var temp = new TempFolder();
        using var tensor = arange(6, dtype: ScalarType.Float32).reshape(2, 3);

        Safetensors.Save(temp.File("x.safetensors"), new Dictionary<string, Tensor> { ["x"] = tensor });

        Assert.Equal(15f, tensor.sum().item<float>());
    }

    [Fact]
    public void NonContiguousTensorsAreStoredInLogicalOrder()
    {
        using var temp = new TempFolder();
        using var matrix = arange(6, dtype: ScalarType.Int32).reshape(2, 3);
        using var transposed = matrix.t();
        string path = temp.File("t.safetensors");

        Safetensors.Save(path, new Dictionary<string, Tensor> { ["t"] = transposed });
        using var loaded = Safetensors.Open(path).Load("t");

        Assert.Equal(new[] { 0, 3, 1, 4, 2, 5 }, loaded.data<int>().ToArray());
    }

    [Fact]
    public void AnIndependentReaderFindsTheHeaderFieldsAndData()
    {
        using var temp = new TempFolder();
        using var weight = RandomBits(ScalarType.Float16, [2, 3], seed: 5);
        using var ids = RandomBits(ScalarType.Int64, [5], seed: 6);
        string path = temp.File("plain.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["weight"] = weight, ["ids"] = ids },
            new Dictionary<string, string> { ["k"] = "v" });

        byte[] file = File.ReadAllBytes(path);
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
        string headerText = Encoding.UTF8.GetString(file, 8, (int)headerLength);
        Assert.Equal(0, (8 + headerLength) % 8);
        using var header = JsonDocument.Parse(headerText);
        var root = header.RootElement;
        Assert.Equal("v", root.GetProperty("__metadata__").GetProperty("k").GetString());
        byte[] data = file[(int)(8 + headerLength)..];
        foreach (var (name, tensor, dtype) in new[] { ("weight", weight, "F16"), ("ids", ids, "I64") })
        {
            var entry = root.GetProperty(name);
            Assert.Equal(dtype, entry.GetProperty("dtype").GetString());
            Assert.Equal(tensor.shape, entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
            long[] offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            Assert.Equal(tensor.bytes.ToArray(), data[(int)offsets[0]..(int)offsets[1]]);
        }
        Assert.Equal(data.Length, root.EnumerateObject().Where(p => p.Name != "__metadata__")
            .Sum(p => p.Value.GetProperty("data_offsets")[1].GetInt64() - p.Value.GetProperty("data_offsets")[0].GetInt64()));
    }

    [Fact]
    public void SameTensorsGiveTheSameBytes()
    {
        using var temp = new TempFolder();
        using var a = RandomBits(ScalarType.Float32, [8], seed: 3);
        using var b = RandomBits(ScalarType.Int8, [8], seed: 4);

        Safetensors.Save(temp.File("1.safetensors"), new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b });
        Safetensors.Save(temp.File("2.safetensors"), new Dictionary<string, Tensor> { ["b"] = b, ["a"] = a });

        Assert.Equal(File.ReadAllBytes(temp.File("1.safetensors")), File.ReadAllBytes(temp.File("2.safetensors")));
    }

    [Fact]
    public void AnUnsupportedDtypeIsRejectedBeforeAnythingIsWritten()
    {
        using var temp = new TempFolder();
        using var complex = zeros(2, dtype: ScalarType.ComplexFloat32);
        string path = temp.File("c.safetensors");

        var error = Assert.Throws<CheckpointException>(() => Safetensors.Save(path, new Dictionary<string, Tensor> { ["z"] = complex }));

        Assert.StartsWith($"{path}: z: dtype", error.Message);
        Assert.False(File.Exists(path));
    }

    /// <summary>A tensor whose bytes are seeded random (bools 0/1), so every bit pattern of a dtype can occur.</summary>
    internal static Tensor RandomBits(ScalarType type, long[] shape, int seed)
    {
        var tensor = empty(shape, type);
        var bytes = new byte[tensor.numel() * tensor.element_size()];
        new Random(seed).NextBytes(bytes);
        if (type == ScalarType.Bool)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] &= 1;
            }
        }
        bytes.CopyTo(tensor.bytes);
        return tensor;
    }
}
