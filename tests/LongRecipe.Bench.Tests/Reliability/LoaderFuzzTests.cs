using System.Text;
using CsCheck;
using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Reports;
using LongRecipe.Bench.Results;
using LongRecipe.Bench.Runs;
using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.General;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Tests.Reports;
using LongRecipe.Bench.Tests.Suites;

namespace LongRecipe.Bench.Tests.Reliability;

/// <summary>
/// Every reader of user or run files, fed mutations of a valid file (CsCheck generates and shrinks them): it either
/// reads the file or refuses it with its own one-line error type. Any other exception — a crash with a stack trace —
/// fails the property, and CsCheck reports the smallest mutation that does it. Bounded by a fixed number of inputs.
/// </summary>
public sealed class LoaderFuzzTests : IDisposable
{
    const int Inputs = 1500;
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Up to four edits of a text: replace a span (possibly empty) at some place with characters that matter to YAML, JSON and CSV.</summary>
    static readonly Gen<(int At, int Cut, string Insert)[]> Edits =
        Gen.Select(Gen.Int[0, 100_000], Gen.Int[0, 12], Gen.String[Gen.Char[":-[]{},#'\"\n \t0123456789.eE+_abcxyz\\"], 0, 8]).Array[1, 4];

    static string Mutate(string text, (int At, int Cut, string Insert)[] edits)
    {
        var result = new StringBuilder(text);
        foreach (var (at, cut, insert) in edits)
        {
            int start = result.Length == 0 ? 0 : at % result.Length;
            result.Remove(start, Math.Min(cut, result.Length - start)).Insert(start, insert);
        }
        return result.ToString();
    }

    /// <summary>The one-line refusals the command line turns into exit code 2 (see CommandErrors).</summary>
    static void ReadsOrRefuses(string valid, Action<string> read) =>
        Edits.Sample(edits =>
        {
            try { read(Mutate(valid, edits)); }
            catch (Exception e) when (e is ConfigException or CheckpointException) { }
        }, iter: Inputs, threads: 1, seed: "0N0XIzNsQ0O2");

    string Write(string name, string text)
    {
        string path = _folder.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Method_files_read_or_refuse() =>
        ReadsOrRefuses(File.ReadAllText(Path.Combine(SuitePaths.Root(), "suites", "methods", "longrecipe.yaml")),
            text => MethodConfigLoader.Parse(text, "m.yaml"));

    [Fact]
    public void Profiles_read_or_refuse()
    {
        string methods = Path.Combine(SuitePaths.Root(), "suites", "methods");
        string valid = File.ReadAllText(Path.Combine(SuitePaths.Root(), "suites", "profiles", "ci.yaml"))
            .Replace("methods_dir: ../methods", $"methods_dir: {methods}")
            .Replace("../ruler.yaml", SuitePaths.RulerYaml).Replace("../general.yaml", SuitePaths.GeneralYaml);
        ReadsOrRefuses(valid, text => Profile.Load(Write("p.yaml", text)));
    }

    [Fact]
    public void Suite_files_read_or_refuse()
    {
        ReadsOrRefuses(File.ReadAllText(SuitePaths.RulerYaml), text => RulerSuiteLoader.Load(Write("ruler.yaml", text)));
        ReadsOrRefuses(File.ReadAllText(SuitePaths.GeneralYaml), text => GeneralSuiteLoader.Load(Write("general.yaml", text)));
    }

    [Fact]
    public void Model_config_json_reads_or_refuses()
    {
        string valid = """{"vocab_size": 64, "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 1, "max_position_embeddings": 128, "rope_theta": 10000.0}""";
        Directory.CreateDirectory(_folder.File("model"));
        ReadsOrRefuses(valid, text =>
        {
            File.WriteAllText(Path.Combine(_folder.File("model"), "config.json"), text);
            Checkpoint.ReadConfig(_folder.File("model"));
        });
    }

    [Fact]
    public void Safetensors_headers_read_or_refuse()
    {
        var header = SafetensorsHeader.Build([new SafetensorsEntry("w", "F32", TorchSharp.torch.ScalarType.Float32, [2, 2], 0, 16)], new Dictionary<string, string> { ["format"] = "pt" });
        string json = Encoding.UTF8.GetString(header, 8, header.Length - 8);
        ReadsOrRefuses(json, text =>
        {
            byte[] body = Encoding.UTF8.GetBytes(text);
            var file = new MemoryStream();
            file.Write(BitConverter.GetBytes((ulong)body.Length));
            file.Write(body);
            file.Write(new byte[16]);
            file.Position = 0;
            SafetensorsHeader.Read("model.safetensors", file);
        });
    }

    [Fact]
    public void Run_folders_read_or_refuse()
    {
        string run = new RunFolderFixture().Write(_folder.Path, "run");
        foreach (string file in new[] { "scores.csv", "resources.csv", RunFolder.SummaryFileName })
        {
            string valid = File.ReadAllText(Path.Combine(run, file));
            ReadsOrRefuses(valid, text =>
            {
                File.WriteAllText(Path.Combine(run, file), text);
                RunSnapshot.Load(run);
            });
            File.WriteAllText(Path.Combine(run, file), valid);
        }
    }
}
