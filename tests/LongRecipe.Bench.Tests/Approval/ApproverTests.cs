namespace LongRecipe.Bench.Tests.Approval;

public sealed class ApproverTests
{
    [Fact]
    public void Mismatch_writes_received_beside_the_golden_and_fails_with_a_line_diff()
    {
        if (Environment.GetEnvironmentVariable("APPROVE") == "1") return; // approving would (rightly) accept the new text
        string folder = Directory.CreateTempSubdirectory("approver").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "case.verified.txt"), "one\ntwo\nthree");
            var error = Assert.ThrowsAny<Exception>(() => Approver.Verify("one\n2\nthree", "case", folder));
            string received = Path.Combine(folder, "case.received.txt");
            Assert.Equal("one\n2\nthree", File.ReadAllText(received));
            Assert.Contains(received, error.Message);
            Assert.Contains("- 2: two", error.Message);
            Assert.Contains("+ 2: 2", error.Message);

            Approver.Verify("one\ntwo\nthree", "case", folder); // a match passes and clears the stale received file
            Assert.False(File.Exists(received));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Missing_golden_fails_and_says_how_to_accept()
    {
        if (Environment.GetEnvironmentVariable("APPROVE") == "1") return;
        string folder = Directory.CreateTempSubdirectory("approver").FullName;
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => Approver.Verify("new", "fresh", folder));
            Assert.Contains("make approve", error.Message);
            Assert.True(File.Exists(Path.Combine(folder, "fresh.received.txt")));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
