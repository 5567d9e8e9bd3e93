using TorchSharp;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Model;

/// <summary>Process-wide torch settings. Bit-identical reruns need a fixed thread count (reduction order) and seeded generators.</summary>
public static class TorchRuntime
{
    public const int DefaultThreads = 2;

    /// <summary>"auto" is CUDA where this build and machine have it, else the CPU; any other name stays as given.</summary>
    public static string Resolve(string device) => device == "auto" ? (cuda.is_available() ? "cuda" : "cpu") : device;

    /// <summary>Call before building a model; "cpu", "cuda", "cuda:N" or "auto".</summary>
    public static Device Configure(int seed, string device = "cpu", int threads = DefaultThreads)
    {
        device = Resolve(device);
        set_num_threads(threads);
        lock (SeedLock) manual_seed(seed);   // never between another thread's seeding and drawing in NewModel
        if (device.StartsWith("cuda", StringComparison.Ordinal))
        {
            if (!cuda.is_available()) throw new InvalidOperationException($"device '{device}' requested but CUDA is not available in this build (see README: CUDA builds)");
            cuda.manual_seed(seed);
        }
        return torch.device(device);
    }

    /// <summary>Held while seeding and drawing a model, and by anything else that draws from the global generator.</summary>
    internal static readonly object SeedLock = new();

    /// <summary>A freshly initialised model whose weights depend only on the seed.</summary>
    public static Llama NewModel(LlamaConfig config, int seed, Device device)
    {
        Llama model;
        // Seeding and drawing the weights happen as one step: another thread seeding in between would change them.
        lock (SeedLock)
        {
            manual_seed(seed);
            model = new Llama(config);
        }
        model.to(device);
        model.eval();
        return model;
    }
}
