namespace Portal.Web.Api.Contracts;

public sealed record LabelReportResponse(int Accepted, IReadOnlyList<RejectedLabelResponse> Rejected);
