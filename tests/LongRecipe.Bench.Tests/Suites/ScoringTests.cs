using LongRecipe.Bench.Suites;

namespace LongRecipe.Bench.Tests.Suites;

public sealed class ScoringTests
{
    [Fact]
    public void String_match_all_is_the_fraction_of_references_found_case_insensitively()
    {
        string[] references = ["1234567", "Paris", "red-farmer", "9"];
        Assert.Equal(75.0, Scoring.Score(Metric.StringMatchAll, "the numbers are 1234567 and PARIS, and 9", references));
        Assert.Equal(100.0, Scoring.Score(Metric.StringMatchAll, "9 red-farmer paris 1234567 and more words", references));
        Assert.Equal(0.0, Scoring.Score(Metric.StringMatchAll, "nothing here", references));
    }

    [Fact]
    public void String_match_part_scores_100_when_any_reference_is_found()
    {
        string[] aliases = ["New York", "NYC"];
        Assert.Equal(100.0, Scoring.Score(Metric.StringMatchPart, "it is nyc.", aliases));
        Assert.Equal(0.0, Scoring.Score(Metric.StringMatchPart, "new jersey", aliases));
    }

    [Fact]
    public void A_substring_inside_a_longer_token_still_counts_as_ruler_does()
    {
        Assert.Equal(100.0, Scoring.Score(Metric.StringMatchAll, "123456789", ["34567"]));
    }

    [Fact]
    public void Exact_match_ignores_case_and_surrounding_whitespace_only()
    {
        Assert.Equal(100.0, Scoring.Score(Metric.ExactMatch, "  Paris \n", ["paris"]));
        Assert.Equal(0.0, Scoring.Score(Metric.ExactMatch, "paris, france", ["paris"]));
    }

    [Fact]
    public void Clean_trims_and_turns_control_characters_into_newlines()
    {
        Assert.Equal("a\nb\nc", Scoring.Clean("\t a\u0001b\rc \n"));
    }

    [Fact]
    public void Summary_averages_sample_scores_per_task_and_length_and_counts_empty_predictions()
    {
        SampleRecord Record(string task, int length, double score, string prediction = "x") =>
            new(task, length, null, 0, 0, "h", 10, prediction, ["r"], score);
        var rows = ScoreTable.PerTask(
            [Record("a", 256, 100), Record("a", 256, 50, ""), Record("b", 256, 0), Record("a", 512, 100)],
            new Dictionary<string, string> { ["a"] = "string_match_all", ["b"] = "string_match_part" });
        var a256 = rows.Single(r => r is { Task: "a", Length: 256 });
        Assert.Equal((75.0, 2, 1), (a256.Score, a256.N, a256.Nulls));
        var averages = ScoreTable.AverageByLength(rows);
        Assert.Equal(37.5, averages[256]);
        Assert.Equal(100.0, averages[512]);
    }
}
