namespace Portal.Core.Registry;

/// <summary>The result of re-reading the champion from the store (the runbook's reload-model).</summary>
public sealed record ReloadOutcome(bool Ok, string? Model, int? Version, double? Auc, double? MinAuc, string? Error, bool BelowThreshold = false, bool NotFound = false);
