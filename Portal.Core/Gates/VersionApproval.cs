namespace Portal.Core.Gates;

/// <summary>
/// An admin's approval of a version for promotion (the four-eyes gate). <paramref name="ApprovedBy"/> is as shown
/// (a user or <c>key:NAME</c>); <paramref name="Person"/> is who approved (a key's approval is its owner's) and
/// <paramref name="ViaKey"/> the key used, if any. The gate compares persons.
/// </summary>
public sealed record VersionApproval(string Model, int Version, string ApprovedBy, DateTimeOffset At, string? Reason, string Person, string? ViaKey = null);
