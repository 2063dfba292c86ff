namespace Portal.Web.Api.Contracts;

/// <summary>One feature's value in log-odds, its probability step, and the input as the model read it (null: missing).</summary>
public sealed record FeatureContributionResponse(string Feature, double Value, double ProbabilityValue, object? Input);
