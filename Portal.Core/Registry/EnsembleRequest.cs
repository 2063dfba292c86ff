namespace Portal.Core.Registry;

/// <summary>One registered version to average in an ensemble, with its weight (any finite value above 0; normalised at load).</summary>
public sealed record EnsembleComponentRequest(int Version, double Weight = 1);

/// <summary>What a caller asks for: 2 to 5 distinct versions of the model, and an optional description kept in the manifest.</summary>
public sealed record EnsembleRequest(IReadOnlyList<EnsembleComponentRequest> Components, string? Description = null);
