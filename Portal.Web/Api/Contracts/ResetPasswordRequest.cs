using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

public sealed record ResetPasswordRequest(string? Password) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() => [("password", Password, TextLimits.Secret)];
}
