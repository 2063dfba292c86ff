namespace Portal.Core.Serving;

/// <summary>
/// An input unlike anything the version was trained on; the prediction was still made. Either a number far outside
/// the training range (<see cref="Value"/>, <see cref="Min"/>, <see cref="Max"/>) or a category the training data
/// never held (<see cref="Category"/>, as sent).
/// </summary>
public sealed record InputWarning(string Feature, double? Value, double? Min, double? Max, string Message, string? Category = null)
{
    /// <summary><see cref="InputWarnings.OutOfRange"/> or <see cref="InputWarnings.UnknownCategory"/>.</summary>
    public string Kind => Category is null ? InputWarnings.OutOfRange : InputWarnings.UnknownCategory;
}
