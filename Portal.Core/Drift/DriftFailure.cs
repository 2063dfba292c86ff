namespace Portal.Core.Drift;

/// <summary>Why a drift run did not produce a result.</summary>
public enum DriftFailure
{
    None,
    UnknownModel,
    UnknownVersion,
    NoChampion,
    NoReferenceData,
    NotEnoughRows,
}
