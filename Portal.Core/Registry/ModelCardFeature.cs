namespace Portal.Core.Registry;

/// <summary>One model input on a card: its type (numeric, categorical, boolean), its categories or boolean tokens, and whether it may be missing.</summary>
public sealed record ModelCardFeature(string Name, string Type, IReadOnlyList<string>? Categories, bool AllowMissing);
