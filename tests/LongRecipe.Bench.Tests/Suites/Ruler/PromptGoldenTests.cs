using System.Text;
using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Tests.Approval;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Suites.Ruler;

/// <summary>
/// One reviewed prompt per task at length 128 (the tiny base window, where space is tightest; decoded), so any change to
/// templates, fitting or seeding shows up as a diff.
/// </summary>
public sealed class PromptGoldenTests
{
    static readonly RulerSuiteConfig Suite = RulerSuiteLoader.Load(SuitePaths.RulerYaml);

    public static TheoryData<string> Tasks()
    {
        var data = new TheoryData<string>();
        foreach (var task in Suite.Tasks) data.Add(task.Name);
        return data;
    }

    [Theory]
    [Trait("Category", "Golden")]
    [MemberData(nameof(Tasks))]
    public void Prompt_at_128_matches_golden(string name)
    {
        var tokenizer = new WordTokenizer();
        var generator = RulerFamilies.Create(Suite.Only([name]).Tasks[0], tokenizer);
        const int length = 128, index = 1;
        var sample = generator.Generate(new SampleRequest(length, index, Seeds.Derive(Suite.Seed, name, length, index), Suite.DepthFor(index)));

        var text = new StringBuilder()
            .AppendLine($"task: {sample.Task}  length: {sample.Length}  index: {sample.Index}  seed: {sample.Seed}  depth: {sample.Depth?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}")
            .AppendLine($"prompt tokens: {sample.Prompt.Length}  tokens to generate: {sample.TokensToGenerate}  hash: {sample.PromptHash}")
            .AppendLine($"references: {string.Join(" | ", sample.References)}  answer: {sample.Answer}")
            .AppendLine($"needle positions: {string.Join(", ", sample.NeedlePositions)}  haystack: {sample.HaystackStart}+{sample.HaystackLength}")
            .AppendLine("----")
            .Append(tokenizer.Decode(sample.Prompt));
        Approver.Verify(text.ToString(), $"ruler_{name}_{length}");
    }
}
