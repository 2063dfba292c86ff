namespace Portal.Core.Serving;

/// <summary>
/// Told of every answered prediction on the predict path (e.g. to count it in metrics). Implementations must
/// be cheap, thread-safe and non-blocking: no I/O, no locks held for long.
/// </summary>
public interface IPredictionObserver
{
    void Observed(string model, int version, string label, double probability, double latencyMs);
}
