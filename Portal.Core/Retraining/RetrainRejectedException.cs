namespace Portal.Core.Retraining;

/// <summary>A data check (too few labelled rows, one class, schema changed, no dataset) stopped a pipeline at <see cref="Step"/>.</summary>
public sealed class RetrainRejectedException(string step, string message) : Exception(message)
{
    public string Step { get; } = step;
}
