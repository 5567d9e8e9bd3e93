using LongRecipe.Bench.Gate;
using LongRecipe.Bench.Tests.Reports;

namespace LongRecipe.Bench.Tests.Gate;

public sealed class BaselineTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Accepting_keeps_the_other_seeds_runs_beside_the_main_one_and_records_every_seed()
    {
        string main = new RunFolderFixture().Write(_folder.Path, "main");
        string[] others = [new RunFolderFixture { Seed = 9 }.Write(_folder.Path, "nine"), new RunFolderFixture { Seed = 8 }.Write(_folder.Path, "eight")];
        string baseline = _folder.File("baseline");

        var origin = Baseline.Accept(main, others, baseline, DateTime.UnixEpoch);

        Assert.Equal([7, 9, 8], origin.Seeds);
        Assert.Equal([7, 9, 8], Baseline.Origin(baseline)!.Seeds);
        Assert.Equal([8, 9], Baseline.OtherSeeds(baseline).Select(r => r.Summary.Seed));
        Assert.True(File.Exists(Path.Combine(baseline, "seeds", "seed-8", "suites", "longrecipe", "ruler.jsonl")));
    }

    [Fact]
    public void A_seed_given_twice_is_refused_before_the_baseline_is_touched()
    {
        string main = new RunFolderFixture().Write(_folder.Path, "main");
        string baseline = _folder.File("baseline");
        Baseline.Accept(main, [], baseline, DateTime.UnixEpoch);
        string again = new RunFolderFixture().Write(_folder.Path, "again");

        var error = Assert.Throws<ConfigException>(() => Baseline.Accept(main, [again], baseline, DateTime.UnixEpoch));

        Assert.Contains("seed", error.Message);
        Assert.Contains("again", error.Message);
        string eight = new RunFolderFixture { Seed = 8 }.Write(_folder.Path, "eight");
        string eightAgain = new RunFolderFixture { Seed = 8 }.Write(_folder.Path, "eight-again");
        Assert.Equal("summary.json: seed", Assert.Throws<ConfigException>(() => Baseline.Accept(main, [eight, eightAgain], baseline, DateTime.UnixEpoch)).Field);
        Assert.Empty(Baseline.OtherSeeds(baseline));
        Assert.Equal([7], Baseline.Origin(baseline)!.Seeds);
    }
}
