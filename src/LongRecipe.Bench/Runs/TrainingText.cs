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
            .Select(generator => (Func<Random, TaskSample>)(random => generator.Generate(0, random.Next())))
            .Concat(suites.GeneralTasks.Where(t => t.Args is MultipleChoiceArgs { Source: ChoiceSource.Synthetic })
                .Select(t => (Func<Random, TaskSample>)(random => MultipleChoice.Instance(t.Name, SyntheticChoices.Item(random), tokenizer))))
            .ToList();
        if (fitted.Count + fixedSize.Count == 0)
            throw new ConfigException(profileFile, "corpus.task_share", "is above 0 but the profile runs no suite with generative tasks");
        return new DocumentMix(text, TaskInstances.From(fitted, fixedSize, text, tokenizer), profile.Corpus.TaskShare);
    }

    /// <summary>
    /// Pretraining's phases, both at the window: with base.copy_steps, copy documents alone come first, then
    /// <paramref name="text"/>. It is a curriculum: on the mix a tiny model stays on the induction plateau (it never
    /// copies), while on dense copy text it learns to copy within a few hundred steps, and the mix then teaches it the
    /// task formats. (Half-window copy documents hold fewer copies and did not end the plateau in 800 steps.)
    /// </summary>
    public static IReadOnlyList<PretrainingPhase> Pretraining(Profile profile, IDocumentSource text, WordTokenizer tokenizer)
    {
        var mix = new PretrainingPhase("mix", text, profile.BaseTraining(), (float)profile.Base.RecallWeight);
        if (profile.Base.CopySteps == 0) return [mix];
        var copies = new SyntheticCorpus(tokenizer, profile.Corpus.Options() with { RepeatShare = 1 });
        var training = mix.Training with
        {
            Steps = profile.Base.CopySteps, Seed = Seeds.Derive(profile.Seed, "pretraining", "copies"),
            Optimizer = mix.Training.Optimizer with { Schedule = "constant" },
        };
        return [new PretrainingPhase("copies", copies, training, mix.RecallWeight), mix];
    }
}
