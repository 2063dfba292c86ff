using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

/// <summary>To: an earlier champion to return to (also ?to=N); without it, the champion before the current one.</summary>
public sealed record RollbackRequest(string? Reason, int? To = null) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() => [("reason", Reason, TextLimits.Text)];
}
