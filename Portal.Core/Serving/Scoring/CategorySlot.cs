namespace Portal.Core.Serving.Scoring;

/// <summary>One categorical slot: category text (ordinal) to the feature index it switches on, -1 for none.</summary>
internal sealed class CategorySlot(IReadOnlyDictionary<string, int> targets, int unknown)
{
    /// <summary>Every category the schema knows for this slot (with the missing and other markers).</summary>
    public IReadOnlyDictionary<string, int> Targets { get; } = targets;

    /// <summary>Where any other text lands (ML.NET's one-hot encoder switches nothing on for it).</summary>
    public int Unknown { get; } = unknown;

    // ML.NET reads a null string as empty text.
    public int Target(string? category) => Targets.TryGetValue(category ?? "", out var target) ? target : Unknown;
}
