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
    public static IDocumentSource For(Profile profile, string profileFile, WordTokenizer tokenizer)
    {
        var text = new SyntheticCorpus(tokenizer, profile.Corpus.Options());
        if (profile.Corpus.TaskShare == 0) return text;
        var fitted = new List<ITaskGenerator>();
        var fixedSize = new List<Func<Random, TaskSample>>();
        if (profile.Suites.Ruler is { } ruler)
        {
            var suite = RulerSuiteLoader.Load(profile.ResolvePath(profileFile, ruler));
            if (profile.Suites.RulerTasks is { } names) suite = suite.Only(names);
            fitted.AddRange(suite.Tasks.Select(t => RulerFamilies.Create(t, tokenizer)));
        }
        if (profile.Suites.General is { } general)
            foreach (var task in GeneralSuiteLoader.Load(profile.ResolvePath(profileFile, general)).Tasks.Where(t => t.Metric is not null))
            {
                var generator = new ShortTasks(task, tokenizer);
                fixedSize.Add(random => generator.Generate(0, random.Next()));
            }
        if (fitted.Count + fixedSize.Count == 0)
            throw new ConfigException(profileFile, "corpus.task_share", "is above 0 but the profile runs no suite with generative tasks");
        return new DocumentMix(text, TaskInstances.From(fitted, fixedSize, text, tokenizer), profile.Corpus.TaskShare);
    }
}
