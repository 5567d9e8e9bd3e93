using System.CommandLine;
using System.Globalization;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Training;
using Spectre.Console;

namespace LongRecipe.Bench.Cli;

/// <summary>`plan`: peak training memory of a model at a sequence length, part by part, and whether it fits a device.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Folder with a Hugging Face config.json (weights not needed).", Required = true };
        var length = new Option<int>("--length") { Description = "Training sequence length in tokens.", Required = true };
        var batch = new Option<int>("--batch") { Description = "Sequences per micro-batch.", DefaultValueFactory = _ => 1 };
        var dtype = new Option<string>("--dtype") { Description = "Weight dtype: float32 or bfloat16.", DefaultValueFactory = _ => "bfloat16" };
        var checkpointing = new Option<bool>("--checkpointing") { Description = "Gradient checkpointing (keep each layer's input only)." };
        var autocast = new Option<bool>("--autocast") { Description = "bf16 autocast as the trainer runs it: float32 weights (a bf16 checkpoint is widened), bfloat16 activations." };
        var offload = new Option<bool>("--offload") { Description = "ZeRO-3 offload: optimizer, master weights, parameters and gradients on the host." };
        var device = new Option<double?>("--device-gib") { Description = "Device memory to check the total against; exit 1 when it does not fit." };
        var command = new Command("plan", "Estimate peak training memory (weights, gradients, optimizer, activations, logits) before running.")
        {
            model, length, batch, dtype, checkpointing, autocast, offload, device,
        };
        command.SetAction(parse =>
        {
            var config = Checkpoint.ReadConfig(parse.GetValue(model)!);
            int declared = parse.GetValue(dtype) switch
            {
                "float32" => 4, "bfloat16" or "float16" => 2,
                var other => throw new ConfigException("command line", "--dtype", $"'{other}' is not float32, bfloat16 or float16"),
            };
            bool mixed = parse.GetValue(autocast);
            int bytes = mixed ? 4 : declared;
            if (parse.GetValue(length) <= 0 || parse.GetValue(batch) <= 0) throw new ConfigException("command line", "--length", "length and batch must be positive");
            var parts = MemoryPlan.Estimate(new MemoryPlanInput(config, parse.GetValue(length), parse.GetValue(batch), bytes,
                parse.GetValue(checkpointing), parse.GetValue(offload), Autocast.ComputeBytes(mixed ? "bf16" : null)));
            static string GiB(double b) => (b / (1L << 30)).ToString("F1", CultureInfo.InvariantCulture);
            var table = new Table().AddColumns("part", "GiB", "held", "how");
            foreach (var part in parts) table.AddRow(part.Part, GiB(part.Bytes), part.Transient ? "one phase" : "whole step", Markup.Escape(part.Formula));
            double total = MemoryPlan.Total(parts);
            table.AddRow("[bold]total[/]", $"[bold]{GiB(total)}[/]", "", "whole-step parts + the largest one-phase part");
            AnsiConsole.Write(table);
            if (parse.GetValue(device) is not { } gib) return CommandErrors.Ok;
            bool fits = total <= gib * (1L << 30);
            AnsiConsole.MarkupLine(fits ? $"fits in {gib} GiB" : $"[red]does not fit in {gib} GiB[/] ({GiB(total)} GiB estimated)");
            return fits ? CommandErrors.Ok : CommandErrors.Failed;
        });
        return command;
    }
}
