using System.CommandLine;

namespace Portal.Cli.Http;

/// <summary>
/// The options every command takes (--url, --api-key, --json), added once to the root as recursive options and read by
/// name, so a capability's commands need nothing but the parse result.
/// </summary>
internal static class GlobalOptions
{
    public const string Url = "--url";
    public const string ApiKey = "--api-key";
    public const string Json = "--json";
    public const string DefaultUrl = "http://localhost:5000";

    public static IEnumerable<Option> Create() =>
    [
        new Option<string>(Url) { Description = $"The portal's address (default: PORTAL_URL, else {DefaultUrl}).", Recursive = true, HelpName = "URL" },
        new Option<string>(ApiKey) { Description = "An API key (default: PORTAL_API_KEY, else the token saved by 'portal login').", Recursive = true, HelpName = "KEY" },
        new Option<bool>(Json) { Description = "Print the server's JSON instead of a table (for scripts).", Recursive = true },
    ];
}
