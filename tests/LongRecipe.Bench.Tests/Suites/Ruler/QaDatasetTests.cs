using LongRecipe.Bench.Suites;
using LongRecipe.Bench.Suites.Ruler;
using LongRecipe.Bench.Text;

namespace LongRecipe.Bench.Tests.Suites.Ruler;

public sealed class QaDatasetTests
{
    const string Squad = """
        {"data": [{"title": "t", "paragraphs": [
          {"context": "Oslo is the capital of Norway.", "qas": [
            {"question": "What is the capital of Norway?", "answers": [{"text": "Oslo"}, {"text": "Oslo"}], "is_impossible": false},
            {"question": "Who?", "answers": [], "is_impossible": true}]},
          {"context": "Lima is in Peru.", "qas": []},
          {"context": "Rome is old.", "qas": []}]}]}
        """;

    static string Write(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"qa-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Squad_loader_drops_unanswerable_questions_and_pools_every_paragraph()
    {
        string path = Write(Squad);
        try
        {
            var data = QaDataset.LoadSquad(path);
            var item = Assert.Single(data.Items);
            Assert.Equal(["Oslo"], item.Answers);
            Assert.Equal(["Oslo is the capital of Norway."], item.GoldDocuments);
            Assert.Equal(3, data.Documents.Count);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Hotpot_loader_takes_gold_paragraphs_from_supporting_facts()
    {
        string path = Write("""
            [{"question": "q?", "answer": "a", "supporting_facts": [["B", 0]],
              "context": [["A", ["one. ", "two."]], ["B", ["three."]]]}]
            """);
        try
        {
            var item = Assert.Single(QaDataset.LoadHotpot(path).Items);
            Assert.Equal(["B\nthree."], item.GoldDocuments);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_missing_field_is_named_with_its_json_path()
    {
        string path = Write("""{"data": [{"title": "t"}]}""");
        try
        {
            var error = Assert.Throws<ConfigException>(() => QaDataset.LoadSquad(path));
            Assert.Equal("data[0].paragraphs", error.Field);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_squad_task_puts_the_gold_paragraph_among_distractors_at_the_exact_length()
    {
        var paragraphs = Enumerable.Range(0, 40).Select(i => $"{{\"context\": \"the farmer {i} sees the river.\", \"qas\": []}}");
        string path = Write(Squad.Replace("{\"context\": \"Rome is old.\", \"qas\": []}", string.Join(", ", paragraphs)));
        try
        {
            var task = new RulerTask("qa_1", "qa", Metric.StringMatchPart, 8, new QaArgs(QaSource.Squad, 1, path));
            var generator = RulerFamilies.Create(task, new WordTokenizer());
            var sample = generator.Generate(new SampleRequest(200, 0, 5, 0.5));
            Assert.Equal(192, sample.Prompt.Length);
            Assert.Equal(["Oslo"], sample.References, StringComparer.OrdinalIgnoreCase);
            // With too few documents for the length the generator says so instead of looping or truncating.
            var error = Assert.Throws<PromptDoesNotFitException>(() => generator.Generate(new SampleRequest(2000, 0, 5, 0.5)));
            Assert.Contains("ran out of distractor documents", error.Message);
        }
        finally { File.Delete(path); }
    }
}
