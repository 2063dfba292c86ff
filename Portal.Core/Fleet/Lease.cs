namespace Portal.Core.Fleet;

/// <summary>
/// A named lease on work that must run on one replica at a time: held by <paramref name="Holder"/> until
/// <paramref name="ExpiresAt"/> unless renewed; <paramref name="Token"/> grows each time the holder changes.
/// </summary>
public sealed record Lease(string Name, string Holder, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt, long Token);
