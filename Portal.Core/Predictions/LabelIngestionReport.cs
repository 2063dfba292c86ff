namespace Portal.Core.Predictions;

/// <summary>How many rows were kept, and each row that was not.</summary>
public sealed record LabelIngestionReport(int Accepted, IReadOnlyList<RejectedLabel> Rejected);
