using Portal.Core.Registry;

namespace Portal.Core.Explanations;

/// <summary>
/// What <see cref="InsightBackfill"/> did for one version: the parts it computed and stored (empty when none), the
/// version as now registered, and why the rest could not be (null when nothing is left missing).
/// </summary>
public sealed record InsightBackfillResult(ModelVersionInfo Version, IReadOnlyList<string> Filled, string? Note);
