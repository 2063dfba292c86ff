namespace Portal.Data.Entities;

/// <summary>
/// A named lease on work that must run on one replica at a time (the drift schedule, retention, ...). The holder
/// renews it before <see cref="ExpiresAt"/>; once it has expired any replica may take it, and <see cref="Token"/>
/// grows on every change of holder so a holder that lost it can tell.
/// </summary>
public sealed class LeaseEntity
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public DateTimeOffset AcquiredAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public long Token { get; set; }
}
