using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

public sealed record CreateUserRequest(string? UserName, string? Password, string? Role) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() =>
        [("userName", UserName, TextLimits.Name), ("password", Password, TextLimits.Secret), ("role", Role, TextLimits.Name)];
}
