namespace Portal.Web.Api.Contracts;

public sealed record ColumnResponse(string Name, string Type, int Missing, int Distinct);
