namespace Portal.Core.Registry;

/// <summary>What an imported model zip may unpack to, all entries together (Portal:Artefacts:MaxUncompressedMegabytes).</summary>
public sealed record ArtefactLimits(long MaxUncompressedBytes)
{
    public const int DefaultMegabytes = 500;

    public static ArtefactLimits Default { get; } = FromMegabytes(DefaultMegabytes);

    public static ArtefactLimits FromMegabytes(int megabytes) => new(megabytes * 1024L * 1024L);
}
