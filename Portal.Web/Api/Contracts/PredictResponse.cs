using Portal.Core.Serving;

namespace Portal.Web.Api.Contracts;

/// <summary>One scored row; <c>warnings</c> lists inputs far outside the training range (empty when none).</summary>
public sealed record PredictResponse(Guid PredictionId, string Model, int Version, string Label, double Probability, IReadOnlyList<InputWarning> Warnings);
