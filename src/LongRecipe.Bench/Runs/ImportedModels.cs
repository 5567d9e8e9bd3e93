using LongRecipe.Bench.Model;
using LongRecipe.Bench.Recipe;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Runs;

/// <summary>The checkpoints of an `evaluate` run, and the tokenizer they bring (null: they read the profile's word lexicon).</summary>
public sealed record ImportedSet(IReadOnlyList<(string Name, string Folder)> Models, HuggingFaceTokenizer? Tokenizer);

/// <summary>
/// `evaluate`: checkpoints trained elsewhere (an external trainer handed this harness's samples, a model an earlier run
/// saved, or a Hugging Face model with its own tokenizer) scored by the same losses and suites. Models in the profile's
/// word lexicon are scored beside the profile's untouched base; models with their own tokenizer.json are scored alone, on
/// the same task text in their tokenizer (one run, one tokenizer). Each folder's config, weights' headers, tokenizer and
/// vocabulary are checked before any work; the model is read only when its turn comes.
/// </summary>
public static class ImportedModels
{
    public const string TokenizerFile = "tokenizer.json";

    public static ImportedSet Check(IReadOnlyList<string> folders, int wordVocabRows, IEnumerable<string> profileModels)
    {
        foreach (string folder in folders)
            if (!Directory.Exists(folder)) throw new ConfigException(folder, "--model", "no such folder");
        var tokenizer = folders.Count > 0 ? SharedTokenizer(folders) : null;
        var names = new HashSet<string>(tokenizer is null ? profileModels : [], StringComparer.Ordinal);
        var imported = new List<(string, string)>();
        foreach (string folder in folders)
        {
            var (config, _, _) = Checkpoint.Verify(folder);
            string configFile = Path.Combine(folder, Checkpoint.ConfigFileName);
            if (tokenizer is null && config.VocabSize != wordVocabRows)
                throw new ConfigException(configFile, "vocab_size", $"{config.VocabSize}, but the profile's word tokenizer gives models {wordVocabRows} " +
                    $"embedding rows (a checkpoint with its own vocabulary brings its {TokenizerFile})");
            if (tokenizer is not null && config.VocabSize < tokenizer.VocabSize)
                throw new ConfigException(configFile, "vocab_size", $"{config.VocabSize}, fewer rows than its tokenizer's {tokenizer.VocabSize} ids");
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
            if (!names.Add(name)) throw new ConfigException(folder, "--model", $"'{name}' is already a model of this run; rename the folder");
            imported.Add((name, folder));
        }
        return new ImportedSet(imported, tokenizer);
    }

    /// <summary>Either no folder brings a tokenizer.json, or all bring the same one (byte for byte), which is loaded.</summary>
    static HuggingFaceTokenizer? SharedTokenizer(IReadOnlyList<string> folders)
    {
        string first = Path.Combine(folders[0], TokenizerFile);
        foreach (string folder in folders)
        {
            string file = Path.Combine(folder, TokenizerFile);
            if (File.Exists(file) != File.Exists(first))
                throw new ConfigException(File.Exists(file) ? file : folder, TokenizerFile, "some checkpoints bring a tokenizer and some do not: one run scores one vocabulary");
            if (File.Exists(file) && !File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(first)))
                throw new ConfigException(file, "(file)", $"differs from {first}: one run scores text in one tokenizer");
        }
        return File.Exists(first) ? HuggingFaceTokenizer.Load(folders[0]) : null;
    }

    /// <summary>A checkpoint as a method result with no stages (it cost this run nothing) and no model in memory: it is read when its turn comes.</summary>
    public static MethodResult Entry(string name) => new(name, [(name, null)], [], [], null);
}
