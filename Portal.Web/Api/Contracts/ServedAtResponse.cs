namespace Portal.Web.Api.Contracts;

public sealed record ServedAtResponse(string Model, DateTimeOffset At, int Version);
