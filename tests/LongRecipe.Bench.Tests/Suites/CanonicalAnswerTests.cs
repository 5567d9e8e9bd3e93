using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.General;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Suites;

/// <summary>TaskSample.Answer is what pretraining appends after a prompt (then EOS), so it must score 100 and survive the tokenizer.</summary>
public sealed class CanonicalAnswerTests
{
    static readonly WordTokenizer Tokenizer = new();
    static readonly RulerSuiteConfig Ruler = RulerSuiteLoader.Load(SuitePaths.RulerYaml);
    static readonly GeneralSuiteConfig General = GeneralSuiteLoader.Load(SuitePaths.GeneralYaml);

    /// <summary>The rule written in suites/ruler.yaml: longest answer in tokens + 1 for EOS + this many spare tokens.</summary>
    const int Spare = 2;

    public static TheoryData<string> RulerTasks()
    {
        var data = new TheoryData<string>();
        foreach (var task in Ruler.Tasks) data.Add(task.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(RulerTasks))]
    public void Ruler_answers_score_100_round_trip_and_size_the_generation_budget(string name)
    {
        var generator = RulerFamilies.Create(Ruler.Only([name]).Tasks[0], Tokenizer);
        var samples = new[] { 128, 1024 }.SelectMany(length => Enumerable.Range(0, 10).Select(i =>
            generator.Generate(new SampleRequest(length, i, Seeds.Derive(Ruler.Seed, name, length, i), Ruler.DepthFor(i))))).ToList();
        AssertCanonical(generator.Metric, generator.TokensToGenerate, samples);
    }

    [Fact]
    public void General_answers_score_100_round_trip_and_size_the_generation_budget()
    {
        foreach (var task in General.Tasks.Where(t => t.Metric is not null))
        {
            var samples = Enumerable.Range(0, 50).Select(i => new ShortTasks(task, Tokenizer).Generate(i, Seeds.Derive(General.Seed, task.Name, 0, i))).ToList();
            AssertCanonical(task.Metric!.Value, task.TokensToGenerate, samples);
        }
    }

    [Fact]
    public void All_references_are_joined_when_all_must_be_found_and_only_the_first_alias_otherwise()
    {
        Assert.Equal("1234567, 7654321", TaskText.Answer(Metric.StringMatchAll, ["1234567", "7654321"]));
        Assert.Equal("new york", TaskText.Answer(Metric.StringMatchPart, ["new york", "nyc"]));
        Assert.Equal("paris", TaskText.Answer(Metric.ExactMatch, ["paris"]));
    }

    static void AssertCanonical(Metric metric, int tokensToGenerate, IReadOnlyList<TaskSample> samples)
    {
        foreach (var sample in samples)
        {
            string where = $"{sample.Task} L={sample.Length} seed={sample.Seed}";
            Assert.True(Scoring.Score(metric, sample.Answer, sample.References) == 100.0, $"{where}: '{sample.Answer}' does not score 100");
            int[] ids = Tokenizer.Encode(sample.Answer);
            Assert.DoesNotContain(Tokenizer.UnkId, ids);
            Assert.Equal(sample.Answer, Tokenizer.Decode(ids));
        }
        int longest = samples.Max(s => Tokenizer.Encode(s.Answer).Length);
        Assert.True(tokensToGenerate == longest + 1 + Spare,
            $"{samples[0].Task}: tokens_to_generate {tokensToGenerate}, the rule gives {longest} + 1 + {Spare}");
    }
}
