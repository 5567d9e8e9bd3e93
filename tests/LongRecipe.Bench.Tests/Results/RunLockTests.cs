using System.Diagnostics;
using LongRecipe.Bench.Results;

namespace LongRecipe.Bench.Tests.Results;

public sealed class RunLockTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_second_holder_of_a_live_run_is_refused_naming_the_holder_and_release_frees_it()
    {
        var run = RunFolder.Open(_folder.Path, "r1");
        using (RunLock.Acquire(run))
        {
            var error = Assert.Throws<ConfigException>(() => RunLock.Acquire(run));
            Assert.Equal("run_id", error.Field);
            Assert.Contains($"process {Environment.ProcessId}", error.Message);
        }
        Assert.False(File.Exists(run.FilePath(RunLock.FileName)));
        using (RunLock.Acquire(run)) Assert.True(File.Exists(run.FilePath(RunLock.FileName)));
    }

    [Fact]
    public void A_lock_left_by_a_dead_process_or_a_reused_pid_is_taken_over()
    {
        var run = RunFolder.Open(_folder.Path, "r2");
        using var finished = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        finished.WaitForExit();
        File.WriteAllText(run.FilePath(RunLock.FileName), $"{finished.Id} 2026-01-01T00:00:00.000Z\n");
        using (RunLock.Acquire(run)) { }
        // This very process, but recorded with another start time: the pid was reused, the holder is gone.
        File.WriteAllText(run.FilePath(RunLock.FileName), $"{Environment.ProcessId} 2000-01-01T00:00:00.000Z\n");
        using (RunLock.Acquire(run)) { }
    }
}
