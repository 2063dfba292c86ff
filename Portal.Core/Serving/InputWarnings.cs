namespace Portal.Core.Serving;

/// <summary>The kinds of <see cref="InputWarning"/>, as the API spells them.</summary>
public static class InputWarnings
{
    /// <summary>A number far outside the training range.</summary>
    public const string OutOfRange = "out_of_range";

    /// <summary>A category the training data never held.</summary>
    public const string UnknownCategory = "unknown_category";
}
