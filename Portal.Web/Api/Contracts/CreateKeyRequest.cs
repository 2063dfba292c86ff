using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

public sealed record CreateKeyRequest(string? Name, string? Role) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() => [("name", Name, TextLimits.Name), ("role", Role, TextLimits.Name)];
}
