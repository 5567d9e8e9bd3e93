using System.Diagnostics;
using System.Globalization;

namespace LongRecipe.Bench.Results;

/// <summary>
/// One process per run folder: results/&lt;run-id&gt;/.lock holds the holder's pid and start time. A second run of the same
/// id refuses while the holder lives; a lock left by a dead process (or by a reused pid with another start time) is
/// taken over. Disposing releases it.
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = ".lock";
    readonly string _path;

    RunLock(string path) => _path = path;

    public static RunLock Acquire(RunFolder run)
    {
        string path = run.FilePath(FileName);
        string me = Describe(Environment.ProcessId);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                using (var writer = new StreamWriter(stream)) writer.Write(me + "\n");
                return new RunLock(path);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new ConfigException(run.Path, "results folder", $"is not writable: {e.Message}");
            }
            catch (IOException) when (File.Exists(path))
            {
                string holder = ReadHolder(path);
                if (IsAlive(holder))
                    throw new ConfigException(path, "run_id",
                        $"run '{run.RunId}' is in use by process {holder.Split(' ')[0]} (started {holder.Split(' ').ElementAtOrDefault(1)}); wait for it or pick another run id");
                File.Delete(path);   // stale: its holder is gone
            }
        }
        throw new IOException($"{path}: could not take the run lock");
    }

    public void Dispose() => File.Delete(_path);

    /// <summary>"pid start-time-utc" of a live process, or just the pid when its start time cannot be read.</summary>
    static string Describe(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return $"{pid} {process.StartTime.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}";
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return pid.ToString(CultureInfo.InvariantCulture);
        }
    }

    static string ReadHolder(string path)
    {
        try { return File.ReadAllText(path).Trim(); }
        catch (IOException) { return ""; }
    }

    /// <summary>
    /// The recorded process still runs and is the same process (a reused pid has another start time). A zombie does not
    /// run: a run killed together with its parent (`timeout -s KILL` kills itself too) is left to an init that may never
    /// reap it, and its pid and start time stay readable.
    /// </summary>
    static bool IsAlive(string holder) =>
        int.TryParse(holder.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && Describe(pid) == holder
        && !IsZombie(StatLine(pid));

    static string? StatLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>From a Linux /proc/&lt;pid&gt;/stat line: the state after the command name (which may hold spaces and parentheses) is Z or X.</summary>
    internal static bool IsZombie(string? statLine) =>
        statLine is not null && statLine.LastIndexOf(')') is var end and > 0 && end + 2 < statLine.Length && statLine[end + 2] is 'Z' or 'X';
}
