using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

/// <summary>
/// Nullable fields so a missing one is answered with a named validation error, not a binding failure.
/// A sweep is asked for with <c>"trainer":"auto"</c> (the four trainers), <see cref="Trainers"/>, or a
/// <see cref="Grid"/> or <see cref="Folds"/> alone (a sweep of <see cref="Trainer"/>'s grid).
/// </summary>
public sealed record TrainRequest(
    int? DatasetId,
    string? Label,
    string? PositiveClass,
    string? Trainer,
    double? TestFraction,
    int? Seed,
    Dictionary<string, double>? Options,
    string[]? Trainers = null,
    Dictionary<string, Dictionary<string, double[]>>? Grid = null,
    int? Folds = null) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() =>
        [("label", Label, TextLimits.Name), ("positiveClass", PositiveClass, TextLimits.Name), ("trainer", Trainer, TextLimits.Name),
            .. (Trainers ?? []).Select((t, i) => ($"trainers[{i}]", (string?)t, TextLimits.Name))];
}
