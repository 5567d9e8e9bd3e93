using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Text;
using static TorchSharp.torch;

namespace LongRecipe.Bench.Runs;

/// <summary>
/// `evaluate`: checkpoints trained elsewhere (an external trainer handed this harness's samples, or a model an earlier run
/// saved) scored by the same losses and suites beside the untouched base. Each folder's config, weights' headers and
/// vocabulary are checked before any work; the model is read only when its turn comes.
/// </summary>
public static class ImportedModels
{
    public static IReadOnlyList<(string Name, string Folder)> Check(IReadOnlyList<string> folders, ITokenizer tokenizer, int vocabRows,
        IEnumerable<string> taken)
    {
        var names = new HashSet<string>(taken, StringComparer.Ordinal);
        var imported = new List<(string, string)>();
        foreach (string folder in folders)
        {
            if (!Directory.Exists(folder)) throw new ConfigException(folder, "--model", "no such folder");
            var config = Checkpoint.ReadConfig(folder);
            SafetensorsFolder.Open(folder);
            string ownTokenizer = Path.Combine(folder, "tokenizer.json");
            if (File.Exists(ownTokenizer))
                throw new ConfigException(ownTokenizer, "(file)", "the checkpoint brings its own tokenizer; the suites' text is written in the " +
                    "profile's word lexicon, and Hugging Face tokenizers are not wired to the suites yet (README, GPU / real models)");
            if (config.VocabSize != vocabRows)
                throw new ConfigException(Path.Combine(folder, Checkpoint.ConfigFileName), "vocab_size",
                    $"{config.VocabSize}, but the profile's tokenizer ({tokenizer.VocabSize} ids) gives models {vocabRows} embedding rows");
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
            if (!names.Add(name)) throw new ConfigException(folder, "--model", $"'{name}' is already a model of this run; rename the folder");
            imported.Add((name, folder));
        }
        return imported;
    }

    /// <summary>The checkpoint as a method result with no stages: it cost this run nothing, so its cost columns are empty.</summary>
    public static MethodResult Load(string name, string folder, Device device) => new(name, [(name, Checkpoint.Load(folder, device))], [], [], null);
}
