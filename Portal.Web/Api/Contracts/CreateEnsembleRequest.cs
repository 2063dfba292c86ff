using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

/// <summary>An ensemble as a data scientist asks for it (<c>POST /api/models/{name}/ensembles</c>): 2 to 5 versions, weights default to 1.</summary>
public sealed record CreateEnsembleRequest(List<EnsembleComponentBody?>? Components, string? Description = null) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() => [("description", Description, TextLimits.Text)];
}

public sealed record EnsembleComponentBody(int? Version, double? Weight = null);
