using System.Globalization;
using Portal.Cli.Http;

namespace Portal.Cli.Registry;

/// <summary>A version on the command line: a number (5, or v5) or 'latest', the newest registered version (seed 002's `--version latest`).</summary>
internal static class VersionArgument
{
    public const string Latest = "latest";

    public static async Task<int> ResolveAsync(PortalSession session, string model, string text, CancellationToken ct)
    {
        var trimmed = text.Trim().TrimStart('v', 'V');
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0) return version;
        if (!string.Equals(text.Trim(), Latest, StringComparison.OrdinalIgnoreCase))
            throw new PortalCallException(ExitCodes.Usage, $"VERSION must be a version number or '{Latest}'; got '{text}'.");

        var body = (await session.GetAsync($"api/models/{PortalSession.Escape(model)}", ct)).Root;
        return JsonFields.Array(body, "versions").Select(v => JsonFields.Int(v, "version") ?? 0).DefaultIfEmpty(0).Max() is var newest and > 0
            ? newest
            : throw new PortalCallException(ExitCodes.Usage, $"model '{model}' has no versions yet.");
    }
}
