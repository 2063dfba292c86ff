namespace Portal.Core.Retraining;

/// <summary>A retrain cannot start now: one is running for the model, or the policy's minimum interval has not passed.</summary>
public sealed class RetrainConflictException(string message) : Exception(message);
