namespace Portal.Core.Audit;

/// <summary>One admin action: who did what to which target, when, with details (JSON) such as the before and after.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Target, string? Details);
