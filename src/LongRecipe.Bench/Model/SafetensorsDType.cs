using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>The dtype names of the safetensors header and the TorchSharp scalar types they stand for.</summary>
public static class SafetensorsDType
{
    private static readonly (string Name, ScalarType Type, int Size)[] Known =
    [
        ("F64", ScalarType.Float64, 8),
        ("F32", ScalarType.Float32, 4),
        ("F16", ScalarType.Float16, 2),
        ("BF16", ScalarType.BFloat16, 2),
        ("I64", ScalarType.Int64, 8),
        ("I32", ScalarType.Int32, 4),
        ("I16", ScalarType.Int16, 2),
        ("I8", ScalarType.Int8, 1),
        ("U8", ScalarType.Byte, 1),
        ("BOOL", ScalarType.Bool, 1),
    ];

    public static IEnumerable<string> Names => Known.Select(k => k.Name);

    public static bool TryParse(string name, out ScalarType type, out int elementSize)
    {
        foreach (var known in Known)
        {
            if (known.Name == name)
            {
                (type, elementSize) = (known.Type, known.Size);
                return true;
            }
        }
        (type, elementSize) = (default, 0);
        return false;
    }

    public static bool TryName(ScalarType type, out string name)
    {
        foreach (var known in Known)
        {
            if (known.Type == type)
            {
                name = known.Name;
                return true;
            }
        }
        name = "";
        return false;
    }
}
