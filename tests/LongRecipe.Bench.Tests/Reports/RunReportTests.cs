using LongRecipe.Bench.Tests.Approval;
using LongRecipe.Bench.Reports;
using LongRecipe.Bench.Suites;

namespace LongRecipe.Bench.Tests.Reports;

public sealed class RunReportTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_report_is_written_from_the_run_folder_alone_with_tables_ratios_and_plots()
    {
        string run = new RunFolderFixture().Write(_folder.Path, "r1");
        string report = File.ReadAllText(RunReport.Write(run, historyFile: null));

        Assert.Contains("| longrecipe |", report);
        Assert.Contains("| 128 | 512 |", report);
        Assert.Contains("training FLOPs longrecipe ÷ full-sequence: 0.250", report);
        Assert.Contains("RULER mean longrecipe ÷ full-sequence: 1.00 [1.00, 1.00]", report);   // the fixture's two models pass the same prompts
        Assert.Contains("![ruler_vs_length](plots/ruler_vs_length.png)", report);
        foreach (var png in new[] { "ruler_vs_length", "compute_vs_quality", "loss_vs_length", "training_loss", "niah_depth_length_base" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(run, "plots", png + ".png"));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            // Something was drawn: a plot ScottPlot fails to lay out comes out as one blank colour, still a valid PNG.
            using var image = SkiaSharp.SKBitmap.Decode(bytes);
            var background = image.GetPixel(0, 0);
            int drawn = image.Pixels.Count(p => p != background);
            Assert.True(drawn > image.Width * image.Height / 50, $"{png}.png is nearly blank ({drawn} pixels differ from the background)");
        }
    }

    [Fact]
    [Trait("Category", "Golden")]
    public void A_fixed_run_folders_report_and_table_layouts_match_their_golden_files_and_a_rewrite_is_identical()
    {
        string run = new RunFolderFixture().Write(_folder.Path, "golden");
        string report = File.ReadAllText(RunReport.Write(run, historyFile: null));
        Approver.Verify(report, "report_fixture");
        Assert.Equal(report, File.ReadAllText(RunReport.Write(run, historyFile: null)));   // re-reported from the snapshot alone
        var headers = Directory.GetFiles(run, "*.csv").Order(StringComparer.Ordinal)
            .Select(file => $"{Path.GetFileName(file)}: {File.ReadLines(file).First()}");
        Approver.Verify(string.Join("\n", headers) + "\n", "run_csv_headers");
    }

    [Fact]
    public void The_quality_ratio_pairs_identical_prompts_and_its_interval_contains_the_point()
    {
        string run = new RunFolderFixture { Passes = (model, task, length, index) => model == "longrecipe" ? index % 4 == 0 : index % 2 == 0 }.Write(_folder.Path, "r2");
        var ratio = RunSnapshot.Load(run).QualityRatio("longrecipe", "full-sequence", 512)!;
        Assert.Equal(0.5, ratio.Mean, 9);
        Assert.InRange(ratio.Mean, ratio.Low, ratio.High);
        Assert.True(ratio.High < 1, $"{ratio}");
    }

    [Fact]
    public void History_keeps_one_row_per_run_and_a_re_report_replaces_its_own_row()
    {
        string history = Path.Combine(_folder.Path, RunHistory.FileName);
        RunReport.Write(new RunFolderFixture().Write(_folder.Path, "a"), history);
        RunReport.Write(new RunFolderFixture().Write(_folder.Path, "b"), history);
        var rows = RunHistory.Append(history, RunHistory.Row(RunSnapshot.Load(Path.Combine(_folder.Path, "a"))));
        Assert.Equal(["b", "a"], rows.Select(r => r.RunId));
        Assert.Equal(0.25, rows[0].LongRecipeFlopsRatio);
        Assert.Equal([RunHistory.PlotName(rows[0].Profile)], Directory.GetFiles(_folder.Path, "history_*.png").Select(Path.GetFileName));
    }

    [Fact]
    public void Distance_buckets_double_from_one_window_until_they_hold_the_longest_distance()
    {
        Assert.Equal([(0, 128), (128, 256), (256, 512), (512, 1024)], LongRecipe.Bench.Runs.LossByLength.DistanceBuckets(128, 1024));
        Assert.Equal([(0, 128)], LongRecipe.Bench.Runs.LossByLength.DistanceBuckets(128, 128));
        Assert.Equal([(0, 128), (128, 256)], LongRecipe.Bench.Runs.LossByLength.DistanceBuckets(128, 200));
    }

    [Fact]
    public void A_folder_without_a_summary_is_refused_naming_the_file()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "unfinished"));
        var error = Assert.Throws<ConfigException>(() => RunSnapshot.Load(Path.Combine(_folder.Path, "unfinished")));
        Assert.EndsWith("summary.json", error.File);
    }
}
