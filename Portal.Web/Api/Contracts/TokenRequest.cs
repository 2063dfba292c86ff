using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

public sealed record TokenRequest(string? Username, string? Password) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() => [("username", Username, TextLimits.Name), ("password", Password, TextLimits.Secret)];
}
