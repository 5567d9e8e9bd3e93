using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Results;
using TorchSharp;

namespace LongRecipe.Bench.Runs;

/// <summary>
/// Saves a finished method (its models as checkpoints, its costs as JSON) inside the run folder and marks it done, so an
/// interrupted bench resumes after the last finished method instead of retraining it.
/// </summary>
public static class MethodStore
{
    sealed record StoredMethod(string Method, List<string> Variants, List<StageResources> Stages, List<CurvePoint> Curve, SelectionQuality? Selection);

    public static MethodResult Save(RunFolder run, MethodResult result)
    {
        foreach (var (variant, model) in result.Models)
            Checkpoint.Save(model ?? throw new ArgumentException($"{variant} was released before it was stored"), run.FilePath(ModelFolder(result.Method, variant)));
        run.WriteJson(RecordFile(result.Method), new StoredMethod(result.Method, [.. result.Models.Select(m => m.Variant)],
            [.. result.Stages], [.. result.Curve], result.Selection));
        run.MarkComplete(StepName(result.Method));
        return result;
    }

    public static MethodResult? TryLoad(RunFolder run, string method, torch.Device device)
    {
        if (!run.IsComplete(StepName(method))) return null;
        var stored = run.ReadJson<StoredMethod>(RecordFile(method));
        var models = stored.Variants.Select(v => (v, (Llama?)LoadModel(run, method, v, device))).ToList();
        return new MethodResult(method, models, stored.Stages, stored.Curve, stored.Selection);
    }

    /// <summary>One stored model of a finished method, read back for evaluation.</summary>
    public static Llama LoadModel(RunFolder run, string method, string variant, torch.Device device) =>
        Checkpoint.Load(run.FilePath(ModelFolder(method, variant)), device);

    static string StepName(string method) => "method-" + RunFolder.SafeName(method);
    static string RecordFile(string method) => $"methods/{RunFolder.SafeName(method)}/result.json";
    static string ModelFolder(string method, string variant) => $"methods/{RunFolder.SafeName(method)}/models/{RunFolder.SafeName(variant)}";
}
