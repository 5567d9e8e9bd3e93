using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>One tensor as a safetensors header describes it. Begin and End are byte offsets into the data section.</summary>
public sealed record SafetensorsEntry(string Name, string DType, ScalarType ScalarType, IReadOnlyList<long> Shape, long Begin, long End)
{
    public long ByteLength => End - Begin;
}
