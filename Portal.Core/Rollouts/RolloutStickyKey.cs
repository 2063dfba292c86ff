namespace Portal.Core.Rollouts;

/// <summary>
/// What makes assignment sticky: the same key always gets the same arm for the life of the rollout. A request that
/// carries no key is assigned at random. Written as <c>header</c> or <c>feature:NAME</c> (<see cref="ToString"/>, <see cref="TryParse"/>).
/// </summary>
public sealed record RolloutStickyKey(StickyKeySource Source, string? Feature = null)
{
    public const string HeaderName = "X-Portal-Key";

    /// <summary>The default: the <c>X-Portal-Key</c> header.</summary>
    public static RolloutStickyKey Header { get; } = new(StickyKeySource.Header);

    public static RolloutStickyKey OfFeature(string feature) => new(StickyKeySource.Feature, feature);

    public override string ToString() => Source == StickyKeySource.Header ? "header" : "feature:" + Feature;

    /// <summary>Reads <c>header</c>, <c>X-Portal-Key</c> or <c>feature:NAME</c>; false for anything else.</summary>
    public static bool TryParse(string? text, out RolloutStickyKey key)
    {
        key = Header;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value)) return false;
        if (value.Equals("header", StringComparison.OrdinalIgnoreCase) || value.Equals(HeaderName, StringComparison.OrdinalIgnoreCase)) return true;
        if (!value.StartsWith("feature:", StringComparison.OrdinalIgnoreCase)) return false;
        var feature = value["feature:".Length..].Trim();
        if (feature.Length == 0) return false;
        key = OfFeature(feature);
        return true;
    }
}
