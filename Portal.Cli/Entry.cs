namespace Portal.Cli;

/// <summary>The `portal` executable; a named class, not top-level statements, so its Program does not clash with the web app's in the tests.</summary>
internal static class Entry
{
    public static Task<int> Main(string[] args) => CliApp.RunAsync(args, CliEnvironment.FromProcess());
}
