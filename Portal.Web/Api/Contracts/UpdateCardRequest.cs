using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

/// <summary>The editable text of a model card; a missing, null or blank field clears it.</summary>
public sealed record UpdateCardRequest(string? IntendedUse, string? Limitations) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() =>
        [("intendedUse", IntendedUse, TextLimits.Text), ("limitations", Limitations, TextLimits.Text)];
}
