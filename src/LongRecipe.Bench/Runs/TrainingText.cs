using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.General;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Runs;

/// <summary>
/// The text every model of a run trains on (pretraining, extension, replay) and its held-out loss is measured on: the
/// synthetic language, with a profile-set share of documents that are task-shaped instances of the run's own suites.
/// </summary>
public static class TrainingText
{
    public static IDocumentSource For(Profile profile, string profileFile, SuiteEvaluation suites, WordTokenizer tokenizer)
    {
        var text = new SyntheticCorpus(tokenizer, profile.Corpus.Options());
        if (profile.Corpus.TaskShare == 0) return text;
        var fitted = suites.RulerTasks.Select(t => RulerFamilies.Create(t, tokenizer)).ToList();
        var fixedSize = suites.GeneralTasks.Where(t => t.Metric is not null).Select(t => new ShortTasks(t, tokenizer))
            .Select(generator => (Func<Random, TaskSample>)(random => generator.Generate(0, random.Next()))).ToList();
        if (fitted.Count + fixedSize.Count == 0)
            throw new ConfigException(profileFile, "corpus.task_share", "is above 0 but the profile runs no suite with generative tasks");
        return new DocumentMix(text, TaskInstances.From(fitted, fixedSize, text, tokenizer), profile.Corpus.TaskShare);
    }
}
