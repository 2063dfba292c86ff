using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

/// <summary>Either field may be left out to keep it as it is.</summary>
public sealed record UpdateUserRequest(string? Role, bool? Disabled) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() => [("role", Role, TextLimits.Name)];
}
