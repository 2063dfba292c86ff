using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

/// <summary>Nullable fields so a missing one is answered with a named validation error, not a binding failure.</summary>
public sealed record TrainRequest(
    int? DatasetId,
    string? Label,
    string? PositiveClass,
    string? Trainer,
    double? TestFraction,
    int? Seed,
    Dictionary<string, double>? Options) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() =>
        [("label", Label, TextLimits.Name), ("positiveClass", PositiveClass, TextLimits.Name), ("trainer", Trainer, TextLimits.Name)];
}
