using Portal.Core.Gates;

namespace Portal.Web.Api.Contracts;

public sealed record HistoryEntryResponse(string Alias, int? FromVersion, int? ToVersion, DateTimeOffset At, string By, string? Reason, IReadOnlyList<GateResult>? Gates, string Action);
