namespace Portal.Tests;

public static class TestPaths
{
    /// <summary>The folder holding Portal.sln, found by walking up from the test binaries.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>A file of the repository's samples/ folder.</summary>
    public static string Sample(string fileName) => Path.Combine(RepoRoot, "samples", fileName);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Portal.sln above {AppContext.BaseDirectory}.");
    }
}
