using Portal.Core.Serving;

namespace Portal.Web.Api.Contracts;

/// <summary>One row of a batch; <c>warnings</c> are this row's inputs far outside the training range.</summary>
public sealed record BatchItemResponse(Guid PredictionId, string Label, double Probability, IReadOnlyList<InputWarning> Warnings);
