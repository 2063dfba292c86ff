using Portal.Core.Rollouts;

namespace Portal.Tests.Core.Rollouts;

public sealed class RolloutNamesTests
{
    [Fact]
    public void Of_EveryValue_RoundTripsThroughItsName()
    {
        Assert.All(Enum.GetValues<RolloutKind>(), v => Assert.Equal(v, RolloutNames.Kind(RolloutNames.Of(v))));
        Assert.All(Enum.GetValues<RolloutState>(), v => Assert.Equal(v, RolloutNames.State(RolloutNames.Of(v))));
        Assert.All(Enum.GetValues<RolloutArm>(), v => Assert.Equal(v, RolloutNames.Arm(RolloutNames.Of(v))));
        Assert.All(Enum.GetValues<RolloutAction>(), v => Assert.Equal(v, RolloutNames.Action(RolloutNames.Of(v))));
    }

    [Theory]
    [InlineData("awaiting_approval", RolloutState.AwaitingApproval)]
    [InlineData(" Rolled_Back ", RolloutState.RolledBack)]
    public void TryParse_SnakeCaseAnyCase_Parses(string name, RolloutState state)
    {
        Assert.True(RolloutNames.TryParse(name, out RolloutState parsed));
        Assert.Equal(state, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1")]
    [InlineData("RolledBack")]
    public void TryParse_Unknown_IsFalse(string? name) => Assert.False(RolloutNames.TryParse(name, out RolloutState _));

    [Fact]
    public void IsTerminal_OnlyTheEndStates()
    {
        var terminal = Enum.GetValues<RolloutState>().Where(s => s.IsTerminal()).ToHashSet();

        Assert.Equal([RolloutState.Promoted, RolloutState.RolledBack, RolloutState.Aborted, RolloutState.Inconclusive], terminal.Order());
        Assert.Equal(Enum.GetValues<RolloutState>().Where(s => !terminal.Contains(s)), RolloutStates.Active);
    }

    [Theory]
    [InlineData(RolloutState.Running, RolloutState.Paused, true)]
    [InlineData(RolloutState.Paused, RolloutState.Running, true)]
    [InlineData(RolloutState.Running, RolloutState.Running, true)] // a step-up
    [InlineData(RolloutState.Paused, RolloutState.Paused, false)]
    [InlineData(RolloutState.AwaitingApproval, RolloutState.Promoted, true)]
    [InlineData(RolloutState.Aborted, RolloutState.Running, false)]
    [InlineData(RolloutState.Promoted, RolloutState.RolledBack, false)]
    public void CanMove_TerminalStatesNeverMove(RolloutState from, RolloutState to, bool allowed) =>
        Assert.Equal(allowed, RolloutStates.CanMove(from, to));

    [Theory]
    [InlineData("header", StickyKeySource.Header, null)]
    [InlineData("X-Portal-Key", StickyKeySource.Header, null)]
    [InlineData("feature:customer_id", StickyKeySource.Feature, "customer_id")]
    public void StickyKey_TryParse_ReadsItsWrittenForm(string text, StickyKeySource source, string? feature)
    {
        Assert.True(RolloutStickyKey.TryParse(text, out var key));
        Assert.Equal(new RolloutStickyKey(source, feature), key);
        Assert.True(RolloutStickyKey.TryParse(key.ToString(), out var again));
        Assert.Equal(key, again);
    }

    [Theory]
    [InlineData("feature:")]
    [InlineData("cookie")]
    [InlineData("")]
    public void StickyKey_TryParse_Unknown_IsFalse(string text) => Assert.False(RolloutStickyKey.TryParse(text, out _));
}
