using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

/// <summary>A manual retrain: why, and whether it may skip the policy's minimum interval (the runbooks' <c>--urgent</c>).</summary>
public sealed record RetrainRequest(string? Reason, bool? Urgent) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() => [("reason", Reason, TextLimits.Text)];
}
