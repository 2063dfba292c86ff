using Portal.Core.Common;

namespace Portal.Web.Api.Limits;

/// <summary>A request body whose text fields have a maximum length; <see cref="TextLimitsFilter"/> checks them before the handler runs.</summary>
public interface ILimitedText
{
    /// <summary>Each text field with its JSON name and its limit (one of <see cref="TextLimits"/>).</summary>
    IEnumerable<(string Field, string? Value, int Max)> TextFields();
}
