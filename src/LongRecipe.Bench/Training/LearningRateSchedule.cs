namespace LongRecipe.Bench.Training;

/// <summary>Linear warmup, then constant or cosine decay: the two schedules the reference recipes use.</summary>
public static class LearningRateSchedule
{
    public static double At(int step, int totalSteps, OptimizerSettings o)
    {
        if (step < o.WarmupSteps) return o.LearningRate * (step + 1) / o.WarmupSteps;
        if (o.Schedule == "constant") return o.LearningRate;
        if (o.Schedule != "cosine") throw new ArgumentException($"unknown schedule '{o.Schedule}' (constant, cosine)");
        int decaySteps = Math.Max(1, totalSteps - o.WarmupSteps - 1);
        double progress = Math.Min(1.0, (double)(step - o.WarmupSteps) / decaySteps);
        double floor = o.LearningRate * o.MinLearningRateFraction;
        return floor + (o.LearningRate - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
