namespace Portal.Web.Api.Errors;

/// <summary>
/// A body the portal cannot read (a multipart body cut short or without a boundary, text that is not UTF-8): a client's
/// mistake, so a BadHttpRequestException that <see cref="BadRequestExceptionHandler"/> answers with errors.body = <see cref="Problem"/>.
/// </summary>
public sealed class MalformedBodyException(string problem, Exception? inner = null)
    : BadHttpRequestException($"The request body {problem}.", StatusCodes.Status400BadRequest, inner!)
{
    /// <summary>What is wrong, in words that follow "the request body" ("is not valid UTF-8").</summary>
    public string Problem { get; } = problem;
}
