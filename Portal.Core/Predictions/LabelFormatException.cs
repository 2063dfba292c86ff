namespace Portal.Core.Predictions;

/// <summary>The upload as a whole cannot be read as labels (not CSV, wrong header, bad JSON).</summary>
public sealed class LabelFormatException(string message) : Exception(message);
