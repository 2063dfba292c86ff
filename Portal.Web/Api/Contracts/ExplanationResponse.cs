using Portal.Core.Explanations;

namespace Portal.Web.Api.Contracts;

/// <summary>
/// A prediction's exact explanation: <c>baseValue</c> + Σ <c>values[].value</c> = <c>logit</c> (log-odds, the model's
/// Platt argument); <c>values</c> sorted by |value|; <c>probabilityValue</c> is each feature's step along the
/// waterfall in that order (sigmoid of the running logit), the steps adding up to <c>probability</c> − <c>probabilityBase</c>.
/// </summary>
public sealed record ExplanationResponse(
    Guid? PredictionId,
    string Model,
    int Version,
    string Space,
    double BaseValue,
    double Logit,
    double ProbabilityBase,
    double Probability,
    IReadOnlyList<FeatureContributionResponse> Values)
{
    /// <summary>What <c>space</c> says: the values are log-odds.</summary>
    public const string LogitSpace = "logit";

    public static ExplanationResponse From(Explanation e, Guid? predictionId) => new(predictionId, e.Model, e.Version, LogitSpace, e.BaseValue, e.Logit,
        e.ProbabilityBase, e.Probability, e.Values.Select(v => new FeatureContributionResponse(v.Feature, v.Value, v.ProbabilityValue, v.Input)).ToList());
}
