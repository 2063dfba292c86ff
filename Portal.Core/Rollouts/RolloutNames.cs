using System.Diagnostics.CodeAnalysis;

namespace Portal.Core.Rollouts;

/// <summary>
/// The wire and database names of the rollout enums (snake_case, as the API and the issue spell them:
/// <c>canary</c>, <c>awaiting_approval</c>, <c>step_up</c>, <c>rolled_back</c>). Stored as text so a row reads on its own.
/// </summary>
public static class RolloutNames
{
    public static string Of(RolloutKind kind) => kind switch
    {
        RolloutKind.Canary => "canary",
        RolloutKind.Ab => "ab",
        RolloutKind.Shadow => "shadow",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Of(RolloutState state) => state switch
    {
        RolloutState.Running => "running",
        RolloutState.Paused => "paused",
        RolloutState.AwaitingApproval => "awaiting_approval",
        RolloutState.Promoted => "promoted",
        RolloutState.RolledBack => "rolled_back",
        RolloutState.Aborted => "aborted",
        RolloutState.Inconclusive => "inconclusive",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static string Of(RolloutArm arm) => arm switch
    {
        RolloutArm.Champion => "champion",
        RolloutArm.Candidate => "candidate",
        RolloutArm.Shadow => "shadow",
        _ => throw new ArgumentOutOfRangeException(nameof(arm)),
    };

    public static string Of(RolloutAction action) => action switch
    {
        RolloutAction.Started => "started",
        RolloutAction.StepUp => "step_up",
        RolloutAction.Paused => "paused",
        RolloutAction.Resumed => "resumed",
        RolloutAction.AwaitingApproval => "awaiting_approval",
        RolloutAction.Promoted => "promoted",
        RolloutAction.RolledBack => "rolled_back",
        RolloutAction.Aborted => "aborted",
        RolloutAction.Inconclusive => "inconclusive",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static bool TryParse(string? name, out RolloutKind kind) => TryParse(name, Enum.GetValues<RolloutKind>(), Of, out kind);

    public static bool TryParse(string? name, out RolloutState state) => TryParse(name, Enum.GetValues<RolloutState>(), Of, out state);

    public static bool TryParse(string? name, out RolloutArm arm) => TryParse(name, Enum.GetValues<RolloutArm>(), Of, out arm);

    public static bool TryParse(string? name, out RolloutAction action) => TryParse(name, Enum.GetValues<RolloutAction>(), Of, out action);

    public static RolloutKind Kind(string name) => TryParse(name, out RolloutKind v) ? v : throw Unknown(name);

    public static RolloutState State(string name) => TryParse(name, out RolloutState v) ? v : throw Unknown(name);

    public static RolloutArm Arm(string name) => TryParse(name, out RolloutArm v) ? v : throw Unknown(name);

    public static RolloutAction Action(string name) => TryParse(name, out RolloutAction v) ? v : throw Unknown(name);

    private static FormatException Unknown(string name) => new($"'{name}' is not a rollout name Portal knows.");

    private static bool TryParse<T>(string? name, T[] values, Func<T, string> of, [MaybeNullWhen(false)] out T value) where T : struct, Enum
    {
        foreach (var v in values)
        {
            if (string.Equals(of(v), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }
}
