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
        var weights = Weights(profile, profileFile, suites);
        var fitted = suites.RulerTasks.SelectMany(t => Enumerable.Repeat(RulerFamilies.Create(t, tokenizer), weights(t.Name))).ToList();
        // Short tasks (and synthetic multiple choice) train as drills: one set of facts, several questions.
        var drills = suites.GeneralTasks.Where(t => t.Metric is not null)
            .SelectMany(t => Enumerable.Repeat((Func<Random, ShortTaskText>)new ShortTasks(t, tokenizer).Compose, weights(t.Name)))
            .Concat(suites.GeneralTasks.Where(t => t.Args is MultipleChoiceArgs { Source: ChoiceSource.Synthetic })
                .SelectMany(t => Enumerable.Repeat((Func<Random, ShortTaskText>)SyntheticChoices.Drill, weights(t.Name))))
            .ToList();
        if (fitted.Count + drills.Count == 0)
            throw new ConfigException(profileFile, "corpus.task_share", "is above 0 but the profile runs no suite with generative tasks");
        // Every task is an equal share of the task documents, times its weight (a task of weight w is drawn as w tasks).
        IDocumentSource instances = drills.Count == 0 ? new TaskInstances(fitted, text, tokenizer)
            : fitted.Count == 0 ? new ShortTaskDrills(drills, text, tokenizer)
            : new DocumentMix(new TaskInstances(fitted, text, tokenizer), new ShortTaskDrills(drills, text, tokenizer),
                (double)drills.Count / (fitted.Count + drills.Count));
        return new DocumentMix(text, instances, profile.Corpus.TaskShare);
    }

    /// <summary>corpus.task_weights as a function of task name; a weight naming no task of the run's suites is refused.</summary>
    static Func<string, int> Weights(Profile profile, string profileFile, SuiteEvaluation suites)
    {
        var names = suites.RulerTasks.Select(t => t.Name).Concat(suites.GeneralTasks.Select(t => t.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (string task in profile.Corpus.TaskWeights.Keys.Where(k => !names.Contains(k)))
            throw new ConfigException(profileFile, $"corpus.task_weights.{task}", $"names no task of the run's suites ({string.Join(", ", names)})");
        return name => profile.Corpus.TaskWeights.GetValueOrDefault(name, 1);
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
