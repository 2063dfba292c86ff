using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

public sealed record PromoteRequest(string? Alias, string? Reason) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() => [("alias", Alias, TextLimits.Name), ("reason", Reason, TextLimits.Text)];
}
