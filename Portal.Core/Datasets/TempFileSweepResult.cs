namespace Portal.Core.Datasets;

/// <summary>What a <see cref="TempFileSweep"/> deleted (files and their bytes) and how many leftovers it could not delete.</summary>
public sealed record TempFileSweepResult(int Deleted, long Bytes, int Failed);
