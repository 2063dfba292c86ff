namespace Portal.Web.Api.Contracts;

/// <summary>A started pipeline: follow it at <c>/api/retraining/pipelines/{pipelineId}</c>.</summary>
public sealed record RetrainAcceptedResponse(Guid PipelineId, string Status, string? Reason);
