namespace Portal.Core.Serving;

/// <summary>Why a prediction could not be made; the API maps each to its status code.</summary>
public enum PredictFailure
{
    None,
    UnknownModel,
    UnknownVersion,
    UnknownAlias,
    NoChampion,
    AliasNotAssigned,
    ModelUnavailable,
    InvalidInput,
    TooManyRows,

    /// <summary>The version serves but cannot be explained (an ensemble, the engine path, no covers stored).</summary>
    NotExplainable,
}
