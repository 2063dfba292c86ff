namespace Portal.Core.Registry;

public static class VersionSources
{
    public const string Trained = "trained";
    public const string Imported = "imported";

    /// <summary>A weighted mean of other versions' probabilities; its artefact is an <see cref="EnsembleManifest"/>.</summary>
    public const string Ensemble = "ensemble";
}
