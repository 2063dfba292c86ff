namespace Portal.Web.Api.Contracts;

public sealed record DriftWindowResponse(DateTimeOffset From, DateTimeOffset To, int Rows);
