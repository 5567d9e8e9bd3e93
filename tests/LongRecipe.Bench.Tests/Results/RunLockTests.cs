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
    [Fact]
    public void A_lock_held_by_a_zombie_is_taken_over()
    {
        if (!File.Exists("/proc/self/stat")) return;   // zombies are read from Linux's /proc
        var run = RunFolder.Open(_folder.Path, "r3");
        // The child outlives the shell's last command, so the shell cannot reap it first (a child that had already exited
        // could be, under load); its parent becomes `sleep 30`, which never reaps it: a zombie for as long as sleep runs.
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 1 & echo $!; exec sleep 30"]) { RedirectStandardOutput = true })!;
        int zombie = int.Parse(parent.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            string stat = $"/proc/{zombie}/stat";
            Assert.True(SpinWait.SpinUntil(() => File.Exists(stat) && RunLock.IsZombie(File.ReadAllText(stat)), TimeSpan.FromSeconds(20)), "no zombie appeared");
            using var process = Process.GetProcessById(zombie);
            string started = process.StartTime.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
            File.WriteAllText(run.FilePath(RunLock.FileName), $"{zombie} {started}\n");
            using (RunLock.Acquire(run)) Assert.StartsWith($"{Environment.ProcessId} ", File.ReadAllText(run.FilePath(RunLock.FileName)));
        }
        finally { parent.Kill(); }
    }

    [Theory]
    [InlineData("31877 (longrecipe-benc) Z 1 31876 0", true)]
    [InlineData("42 (a) b) X 1", true)]
    [InlineData("42 (sleepy Z) S 1 0", false)]
    [InlineData("", false)]
    public void The_state_is_read_after_the_command_name(string stat, bool zombie) => Assert.Equal(zombie, RunLock.IsZombie(stat));
}
