using Portal.Core.Registry;

namespace Portal.Tests.Core.Registry;

public sealed class ChampionStackTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Champion moves oldest first as (from, to, action); returned newest first, as the registry does.</summary>
    private static List<AliasMove> Moves(params (int? From, int To, string Action)[] moves) =>
        moves.Select((m, i) => new AliasMove("m", ModelAliases.Champion, m.From, m.To, T0.AddMinutes(i), "admin", null, null, m.Action)).Reverse().ToList();

    [Fact]
    public void From_PromotionsAndRollbacks_WalksBackAndDropsWhatWasRolledBackFrom()
    {
        var stack = ChampionStack.From(Moves((null, 1, AliasActions.Promote), (1, 2, AliasActions.Promote), (2, 3, AliasActions.Promote), (3, 2, AliasActions.Rollback)));

        Assert.Equal([1, 2], stack.Served);
        Assert.Equal(1, stack.Previous);
        Assert.False(stack.CanReturnTo(3));
        Assert.True(stack.CanReturnTo(1));
    }

    [Fact]
    public void From_NoOpMoves_AreSkipped()
    {
        var stack = ChampionStack.From(Moves((null, 1, AliasActions.Promote), (1, 2, AliasActions.Promote), (2, 2, AliasActions.Promote)));

        Assert.Equal(2, stack.Current);
        Assert.Equal(1, stack.Previous);
    }

    [Fact]
    public void From_MovesInTheSameInstant_KeepTheirOrder()
    {
        var moves = Moves((null, 1, AliasActions.Promote), (1, 2, AliasActions.Promote)).Select(m => m with { At = T0 }).ToList();

        Assert.Equal([1, 2], ChampionStack.From(moves).Served);
    }

    [Fact]
    public void From_ChallengerMoves_AreIgnored()
    {
        var moves = Moves((null, 1, AliasActions.Promote));
        moves.Insert(0, new AliasMove("m", ModelAliases.Challenger, null, 5, T0.AddHours(1), "admin", null, null, AliasActions.Promote));

        Assert.Equal([1], ChampionStack.From(moves).Served);
    }

    [Theory]
    [InlineData(new[] { "challenger" }, true, ModelStage.Staging)]
    [InlineData(new[] { "champion", "challenger" }, true, ModelStage.Production)]
    [InlineData(new string[0], true, ModelStage.Archived)]
    [InlineData(new string[0], false, ModelStage.None)]
    public void Stage_FollowsTheAliases(string[] aliases, bool served, ModelStage expected) =>
        Assert.Equal(expected, ModelStages.Of(aliases, served));
}
