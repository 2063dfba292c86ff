namespace Portal.Core.Fleet;

/// <summary>
/// A committed change other replicas must apply: what serves for <see cref="Model"/>, or an API key or user whose
/// cached access is stale. <see cref="Kind"/> is one of <see cref="RegistryChangeKinds"/>; <see cref="Version"/> is the version a
/// <see cref="RegistryChangeKinds.Preload"/> names.
/// </summary>
public sealed record RegistryChange(string Kind, string? Model = null, int? Key = null, string? User = null, int? Version = null);
