using LongRecipe.Bench.Model;

namespace LongRecipe.Bench.Recipe;

/// <summary>Training-free baselines: the same weights with rescaled rotary frequencies (PI, NTK-aware, YaRN).</summary>
public static class RopeScale
{
    public static Llama Apply(Llama model, RopeScalingKind kind, double factor, int originalWindow)
    {
        var scaling = new RopeScaling { Kind = kind.ToString().ToLowerInvariant(), Factor = factor, OriginalMaxPositions = originalWindow };
        var config = model.Config with { RopeScaling = scaling, MaxPositionEmbeddings = (int)Math.Round(originalWindow * factor) };
        config.Validate("rope_scale stage");
        return model.Copy(config);
    }
}
