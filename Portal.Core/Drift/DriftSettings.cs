namespace Portal.Core.Drift;

/// <summary>How drift runs pick their window: the last <see cref="WindowHours"/> hours, at least <see cref="MinRows"/> and at most <see cref="MaxRows"/> (newest) logged predictions.</summary>
public sealed record DriftSettings(double WindowHours = 24, int MinRows = 30, int MaxRows = 200_000);
