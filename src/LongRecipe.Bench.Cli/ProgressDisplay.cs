using LongRecipe.Bench.Training;
using Spectre.Console;

namespace LongRecipe.Bench.Cli;

/// <summary>
/// On a terminal, a live Spectre.Console display: one bar per stage (pretraining phases, every training stage, the
/// suites) with step/steps, latest loss and time left, log lines printed above it. Without a terminal (CI logs,
/// redirected output) only the plain log lines, as they always were.
/// </summary>
internal static class ProgressDisplay
{
    public static T Run<T>(Func<Action<string>, Action<StepProgress>?, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive) return work(line => AnsiConsole.WriteLine(line), null);
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 20 }, new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                result = work(
                    line => { if (!line.StartsWith("  pretrain ", StringComparison.Ordinal)) AnsiConsole.WriteLine(line); },   // the bar shows those
                    step =>
                    {
                        if (!bars.TryGetValue(step.Stage, out var bar)) bars[step.Stage] = bar = context.AddTask(Markup.Escape(step.Stage), maxValue: step.Steps);
                        bar.Value = step.Step;
                        if (!double.IsNaN(step.Loss)) bar.Description = Markup.Escape($"{step.Stage} {step.Step}/{step.Steps} loss {step.Loss:F3}");
                    });
            });
        return result;
    }
}
