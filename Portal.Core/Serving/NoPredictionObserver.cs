namespace Portal.Core.Serving;

public sealed class NoPredictionObserver : IPredictionObserver
{
    public static NoPredictionObserver Instance { get; } = new();

    public void Observed(string model, int version, string label, double probability, double latencyMs)
    {
    }
}
