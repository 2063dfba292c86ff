using Microsoft.Extensions.Logging;

namespace Portal.Web.Components.Shared;

/// <summary>
/// What a page shows when loading fails: the exception goes to the server log, the user gets a sentence (exception
/// text can name server paths, SQL or types, and means nothing to them).
/// </summary>
public static class LoadFailure
{
    public static string Describe(ILogger logger, Exception exception, string what)
    {
        logger.LogError(exception, "{What} could not be loaded", what);
        return $"{what} could not be loaded. Reload the page to try again; if it keeps failing, the server log has the details.";
    }
}
