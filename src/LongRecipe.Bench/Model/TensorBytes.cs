using Microsoft.Win32.SafeHandles;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>
/// Moves the raw bytes of a contiguous CPU tensor to and from files without an intermediate managed copy.
/// Tensor.bytes is a span (at most 2 GiB), so large tensors are handled in 1-D slices of a flat view.
/// </summary>
internal static class TensorBytes
{
    private const long ChunkBytes = 1L << 30;

    private delegate void ChunkAction(Span<byte> chunk, long byteOffset);

    /// <summary>Fills <paramref name="destination"/> from the file at <paramref name="fileOffset"/>; false if the file ends early.</summary>
    public static bool TryRead(SafeFileHandle file, long fileOffset, Tensor destination)
    {
        bool complete = true;
        ForEachChunk(destination, (chunk, byteOffset) =>
        {
            if (complete)
            {
                complete = ReadExactly(file, chunk, fileOffset + byteOffset);
            }
        });
        return complete;
    }

    public static void Write(Stream stream, Tensor contiguousCpu) =>
        ForEachChunk(contiguousCpu, (chunk, _) => stream.Write(chunk));

    private static bool ReadExactly(SafeFileHandle file, Span<byte> chunk, long fileOffset)
    {
        while (chunk.Length > 0)
        {
            int read = RandomAccess.Read(file, chunk, fileOffset);
            if (read == 0)
            {
                return false;
            }
            chunk = chunk[read..];
            fileOffset += read;
        }
        return true;
    }

    private static void ForEachChunk(Tensor tensor, ChunkAction action)
    {
        long elements = tensor.numel();
        long elementSize = tensor.element_size();
        if (elements == 0)
        {
            return;
        }
        if (elements * elementSize <= ChunkBytes)
        {
            action(tensor.bytes, 0);
            return;
        }
        long chunkElements = ChunkBytes / elementSize;
        using var flat = tensor.view(-1);
        for (long start = 0; start < elements; start += chunkElements)
        {
            using var slice = flat.narrow(0, start, Math.Min(chunkElements, elements - start));
            action(slice.bytes, start * elementSize);
        }
    }
}
