namespace Portal.Core.Serving;

/// <summary>A numeric input far outside the range the version was trained on; the prediction was still made.</summary>
public sealed record InputWarning(string Feature, double Value, double Min, double Max, string Message);
