using System.Runtime.CompilerServices;

namespace LongRecipe.Bench.Tests.Suites;

/// <summary>Locates repository files from the test source location (tests run from bin/, the suites live at the root).</summary>
internal static class SuitePaths
{
    public static string Root([CallerFilePath] string callerFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(callerFile)!); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LongRecipe.Bench.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root (LongRecipe.Bench.sln) not found above " + callerFile);
    }

    public static string RulerYaml => Path.Combine(Root(), "suites", "ruler.yaml");

    public static string GeneralYaml => Path.Combine(Root(), "suites", "general.yaml");

    public static string GeneralEnglishYaml => Path.Combine(Root(), "suites", "general-english.yaml");
    public static string RulerEnglishYaml => Path.Combine(Root(), "suites", "ruler-english.yaml");
}
