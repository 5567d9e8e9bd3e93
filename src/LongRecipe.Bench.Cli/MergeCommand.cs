using System.CommandLine;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Cli;

/// <summary>`merge`: LongRecipe's last stage on checkpoints trained elsewhere, θ = α·θ_extended + (1 − α)·θ_base.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var extended = new Option<string>("--extended") { Description = "The extended checkpoint folder (its config is kept).", Required = true };
        var original = new Option<string>("--base") { Description = "The base checkpoint folder it was extended from.", Required = true };
        var alpha = new Option<double>("--alpha") { Description = "Weight of the extended model (reference: 0.5).", DefaultValueFactory = _ => 0.5 };
        var output = new Option<string>("--out") { Description = "Folder to write the merged checkpoint to.", Required = true };
        var command = new Command("merge", "Interpolate an extended checkpoint with its base (LongRecipe's merge stage) and save it.")
        {
            extended, original, alpha, output,
        };
        command.SetAction(parse =>
        {
            double weight = parse.GetValue(alpha);
            if (weight is < 0 or > 1) throw new ConfigException("command line", "--alpha", $"{weight} is not in [0, 1]");
            string extendedFolder = parse.GetValue(extended)!, baseFolder = parse.GetValue(original)!;
            var extendedShapes = Checkpoint.Verify(extendedFolder).Config.ParameterShapes().ToList();
            var baseShapes = Checkpoint.Verify(baseFolder).Config.ParameterShapes().ToDictionary(p => p.Name, p => p.Shape);
            foreach (var (name, shape) in extendedShapes)
                if (!baseShapes.TryGetValue(name, out var baseShape) || !shape.SequenceEqual(baseShape))
                    throw new CheckpointException(Path.Combine(baseFolder, Checkpoint.ConfigFileName), name, "missing or shaped differently from the extended model's: not its base");
            if (baseShapes.Count != extendedShapes.Count)
                throw new CheckpointException(Path.Combine(baseFolder, Checkpoint.ConfigFileName), "(parameters)", "has parameters the extended model lacks: not its base");
            using var extendedModel = Checkpoint.Load(extendedFolder, CPU);
            using var baseModel = Checkpoint.Load(baseFolder, CPU);
            using var merged = Merge.Interpolate(extendedModel, baseModel, weight);
            Checkpoint.Save(merged, parse.GetValue(output)!, tokenizerFrom: extendedFolder);
            Console.WriteLine($"merged (α = {weight}) → {parse.GetValue(output)}");
            return CommandErrors.Ok;
        });
        return command;
    }
}
