namespace Portal.Core.Serving;

/// <summary>What a model does with a numeric input far outside its training range (<see cref="Training.FeatureRange"/>).</summary>
public enum InputRangePolicy
{
    /// <summary>Scores it and says nothing.</summary>
    Off,

    /// <summary>Scores it and returns a warning per such feature (the default).</summary>
    Warn,

    /// <summary>Refuses the request with a 400 naming the features.</summary>
    Reject,
}

/// <summary>The policies' names as the API and the settings store spell them: off, warn, reject.</summary>
public static class InputRangePolicies
{
    public const InputRangePolicy Default = InputRangePolicy.Warn;

    public static IReadOnlyList<string> Names { get; } = ["off", "warn", "reject"];

    public static string Name(InputRangePolicy policy) => policy switch
    {
        InputRangePolicy.Off => "off",
        InputRangePolicy.Reject => "reject",
        _ => "warn",
    };

    public static bool TryParse(string? name, out InputRangePolicy policy)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "off": policy = InputRangePolicy.Off; return true;
            case "warn": policy = InputRangePolicy.Warn; return true;
            case "reject": policy = InputRangePolicy.Reject; return true;
            default: policy = Default; return false;
        }
    }
}
