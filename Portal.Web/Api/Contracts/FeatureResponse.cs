namespace Portal.Web.Api.Contracts;

/// <summary>A version's input; <c>range</c> is a numeric feature's training range (null when unknown).</summary>
public sealed record FeatureResponse(string Name, string Type, IReadOnlyList<string>? Categories, bool AllowMissing, FeatureRangeResponse? Range = null);

public sealed record FeatureRangeResponse(double Min, double Max, double Mean, double Std);
