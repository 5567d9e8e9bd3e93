using System.Runtime.CompilerServices;

namespace LongRecipe.Bench.Tests.Approval;

/// <summary>
/// Golden-file check in Verify's layout, so Verify.Xunit can replace it later: the golden is
/// <c>&lt;folder&gt;/&lt;name&gt;.verified.txt</c> beside the calling test's source file. On a mismatch (or a missing golden) the
/// actual text is written to <c>&lt;name&gt;.received.txt</c> beside it and the test fails with a line diff. To accept,
/// review the received file and run with APPROVE=1 (<c>make approve</c>), which overwrites the golden.
/// </summary>
public static class Approver
{
    public static void Verify(string received, string name, string folder = "Golden", [CallerFilePath] string callerFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerFile)!, folder);
        string golden = Path.Combine(directory, name + ".verified.txt");
        string receivedPath = Path.Combine(directory, name + ".received.txt");
        received = received.Replace("\r\n", "\n");

        if (Environment.GetEnvironmentVariable("APPROVE") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(golden, received);
            File.Delete(receivedPath);
            return;
        }
        string? expected = File.Exists(golden) ? File.ReadAllText(golden).Replace("\r\n", "\n") : null;
        if (expected == received)
        {
            File.Delete(receivedPath);
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, received);
        string accept = "Review it, then accept with `make approve` (APPROVE=1 dotnet test ... --filter Category=Golden).";
        throw new Xunit.Sdk.XunitException(expected is null
            ? $"No golden file {golden}.\nWrote {receivedPath}. {accept}"
            : $"Output differs from {golden}.\nWrote {receivedPath}. {accept}\n{LineDiff.Render(expected, received)}");
    }
}
