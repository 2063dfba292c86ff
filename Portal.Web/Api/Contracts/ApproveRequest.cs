using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

public sealed record ApproveRequest(string? Reason) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() => [("reason", Reason, TextLimits.Text)];
}
