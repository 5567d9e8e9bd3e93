using LongRecipe.Bench.Corpus;
using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.General;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Suites;

public sealed class TaskInstancesTests
{
    static readonly WordTokenizer Tokenizer = new();
    static readonly SyntheticCorpus Text = new(Tokenizer);
    static readonly RulerSuiteConfig Ruler = RulerSuiteLoader.Load(SuitePaths.RulerYaml);
    static readonly GeneralSuiteConfig General = GeneralSuiteLoader.Load(SuitePaths.GeneralYaml);

    static TaskInstances For(ITaskGenerator generator) => new([generator], Text, Tokenizer);

    public static TheoryData<string, int> TasksAndLengths()
    {
        var data = new TheoryData<string, int>();
        foreach (var task in Ruler.Tasks)
            foreach (int length in (int[])[128, 1024])
                data.Add(task.Name, length);
        return data;
    }

    [Theory]
    [MemberData(nameof(TasksAndLengths))]
    public void Instance_FillsTheDocument_AndEndsWithItsAnswerAndEos(string task, int length)
    {
        var generator = RulerFamilies.Create(Ruler.Tasks.Single(t => t.Name == task), Tokenizer);
        var instances = For(generator);
        foreach (var document in instances.Documents(6, length, seed: 3))
        {
            Assert.Equal(length, document.Length);
            Assert.Equal(Tokenizer.EosId, document.Tokens[^1]);
            // Every annotated token copies an earlier, equal token.
            for (int i = 0; i < length; i++)
                if (document.EvidenceIndex[i] >= 0)
                {
                    Assert.True(document.EvidenceIndex[i] < i);
                    Assert.Equal(document.Tokens[document.EvidenceIndex[i]], document.Tokens[i]);
                }
        }
    }

    [Fact]
    public void NeedleAnswer_IsAnnotatedBackToTheNeedle()
    {
        var generator = RulerFamilies.Create(Ruler.Tasks.Single(t => t.Name == "niah_single_2"), Tokenizer);
        foreach (var document in For(generator).Documents(5, 512, seed: 5))
        {
            // "... : ddd ddd d <eos>": the seven-digit answer's three pieces each point back to the same piece in the needle.
            var digits = Enumerable.Range(document.Length - 4, 3).ToArray();
            Assert.All(digits, i => Assert.True(Tokenizer.IsNumber(document.Tokens[i])));
            // ... in the needle, before the question that ends the prompt (about 20 tokens).
            Assert.All(digits, i => Assert.True(document.EvidenceIndex[i] >= 0 && document.EvidenceIndex[i] < document.AnswerStart - 20));
            Assert.All(digits, i => Assert.Equal(document.Tokens[i], document.Tokens[document.EvidenceIndex[i]]));
        }
    }

    [Fact]
    public void LossWeights_LeanOnTheAnswerAndTheAnnotatedRecalls_Only()
    {
        var generator = RulerFamilies.Create(Ruler.Tasks.Single(t => t.Name == "vt"), Tokenizer);
        foreach (var document in For(generator).Documents(5, 256, seed: 8))
        {
            int answerStart = document.AnswerStart!.Value;
            // The answer is what follows the prompt: its words and EOS, five names here.
            Assert.Equal(document.Length - 1, Array.LastIndexOf(document.Tokens, Tokenizer.EosId));
            Assert.InRange(document.Length - answerStart, 6, 12);
            var weights = document.LossWeights(4f);
            for (int i = 0; i < document.Length; i++)
                Assert.Equal(i >= answerStart || document.EvidenceIndex[i] >= 0 ? 4f : 1f, weights[i]);
        }
        var text = Text.Documents(3, 256, seed: 8).ToList();
        Assert.All(text, d => Assert.Null(d.AnswerStart));
        Assert.Contains(text, d => d.LossWeights(4f).Contains(4f));
        Assert.All(text, d => Assert.Equal(d.EvidenceIndex.Count(e => e < 0), d.LossWeights(4f).Count(w => w == 1f)));
    }

    [Fact]
    public void Mix_TakesTheSecondSourceAtItsShare()
    {
        var tasks = For(RulerFamilies.Create(Ruler.Tasks[0], Tokenizer));
        var mix = new DocumentMix(Text, tasks, 0.25);
        int fromTasks = mix.Documents(400, 256, seed: 1).Count(d => d.Tokens[^1] == Tokenizer.EosId);
        Assert.InRange(fromTasks, 70, 130);   // 100 expected; the corpus never writes EOS
        Assert.All(new DocumentMix(Text, tasks, 0).Documents(50, 256, seed: 1), d => Assert.NotEqual(Tokenizer.EosId, d.Tokens[^1]));
    }
}
