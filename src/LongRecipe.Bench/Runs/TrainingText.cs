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
        // Short tasks (and synthetic multiple choice) train as drills: one set of facts, several questions.
        var drills = suites.GeneralTasks.Where(t => t.Metric is not null).Select(t => (Func<Random, ShortTaskText>)new ShortTasks(t, tokenizer).Compose)
            .Concat(suites.GeneralTasks.Where(t => t.Args is MultipleChoiceArgs { Source: ChoiceSource.Synthetic })
                .Select(_ => (Func<Random, ShortTaskText>)SyntheticChoices.Drill))
            .ToList();
        if (fitted.Count + drills.Count == 0)
            throw new ConfigException(profileFile, "corpus.task_share", "is above 0 but the profile runs no suite with generative tasks");
        // Every task is an equal share of the task documents.
        IDocumentSource instances = drills.Count == 0 ? new TaskInstances(fitted, text, tokenizer)
            : fitted.Count == 0 ? new ShortTaskDrills(drills, text, tokenizer)
            : new DocumentMix(new TaskInstances(fitted, text, tokenizer), new ShortTaskDrills(drills, text, tokenizer),
                (double)drills.Count / (fitted.Count + drills.Count));
        return new DocumentMix(text, instances, profile.Corpus.TaskShare);
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
