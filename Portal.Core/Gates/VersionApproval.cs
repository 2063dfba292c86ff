namespace Portal.Core.Gates;

/// <summary>An admin's approval of a version for promotion (the four-eyes gate).</summary>
public sealed record VersionApproval(string Model, int Version, string ApprovedBy, DateTimeOffset At, string? Reason);
