namespace Portal.Web.Api.Contracts;

public sealed record FeatureResponse(string Name, string Type, IReadOnlyList<string>? Categories, bool AllowMissing);
