using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

/// <summary>A webhook to register; <c>events</c> absent or empty: every event.</summary>
public sealed record CreateWebhookRequest(string? Url, List<string?>? Events, string? Description) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() => [("url", Url, TextLimits.Text), ("description", Description, TextLimits.Text)];
}
