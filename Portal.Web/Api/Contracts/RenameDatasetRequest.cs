using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

public sealed record RenameDatasetRequest(string? Name) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() => [("name", Name, TextLimits.Name)];
}
