using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

/// <summary>An admin's pause, resume, abort or promote, with an optional reason for the decision log.</summary>
public sealed record RolloutActionRequest(string? Reason) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() => [("reason", Reason, TextLimits.Text)];
}
