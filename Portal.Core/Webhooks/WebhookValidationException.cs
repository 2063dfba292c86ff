namespace Portal.Core.Webhooks;

/// <summary>A webhook request that cannot be stored, with the problem per field (<c>url</c>, <c>events[0]</c>).</summary>
public sealed class WebhookValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join(" ", errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
