namespace Portal.Tests;

/// <summary>Locates the repository from the test binaries, so tests can read samples/ wherever they run.</summary>
public static class TestPaths
{
    /// <summary>The folder holding Portal.sln, found by walking up from the test binaries.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The full path of a file in samples/.</summary>
    public static string Sample(string fileName) => Path.Combine(RepoRoot, "samples", fileName);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Portal.sln was not found above {AppContext.BaseDirectory}.");
    }
}
