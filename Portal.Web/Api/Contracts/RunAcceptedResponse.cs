namespace Portal.Web.Api.Contracts;

public sealed record RunAcceptedResponse(Guid RunId);
