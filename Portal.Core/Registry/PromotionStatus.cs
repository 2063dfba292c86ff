namespace Portal.Core.Registry;

public enum PromotionStatus
{
    Promoted,
    /// <summary>A gate failed; nothing moved.</summary>
    Blocked,
    NotFound,
    /// <summary>The artefact failed its checks (SHA-256, schema, test prediction); the serving engine is unchanged.</summary>
    ArtefactRefused,
    /// <summary>Rollback with no earlier champion to return to.</summary>
    NoPrevious,
    Invalid,
    /// <summary>The alias already points at the version: nothing moved, nothing recorded.</summary>
    Unchanged,
    /// <summary>Rollback to a version that is not an earlier champion on the rollback path.</summary>
    NotOnPath,
}
