using Portal.Core.Predictions;

namespace Portal.Data.Stores;

/// <summary>Writes batches of the prediction log in one transaction each, on the provider's fastest path.</summary>
internal interface IPredictionAppender : IDisposable
{
    /// <summary>Stores the records and returns how many were stored: a row whose key is taken already is skipped, not failed.</summary>
    int Append(IReadOnlyList<PredictionRecord> records);
}
