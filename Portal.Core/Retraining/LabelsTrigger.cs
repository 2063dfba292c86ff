namespace Portal.Core.Retraining;

/// <summary>Fires when <see cref="Count"/> labels of the model's predictions have arrived since the last retrain.</summary>
public sealed record LabelsTrigger(int Count);
