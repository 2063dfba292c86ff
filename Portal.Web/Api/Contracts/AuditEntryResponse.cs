using System.Text.Json;

namespace Portal.Web.Api.Contracts;

/// <summary>One audit entry; <c>details</c> is the recorded JSON (such as the before and after), or null.</summary>
public sealed record AuditEntryResponse(long Id, DateTimeOffset At, string Actor, string Action, string Target, JsonElement? Details);
