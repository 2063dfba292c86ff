namespace Portal.Web.Api.Contracts;

public sealed record RollbackResponse(bool RolledBack, string Model, int Version, int? FromVersion);
