namespace Portal.Core.Registry;

/// <summary>
/// The champions that served, oldest first, replayed from the champion alias's history: a promotion pushes the new
/// champion, a rollback pops back to the version it restored, and a move to the version already serving changes
/// nothing. Rollback walks down this stack, so repeated rollbacks go further back and never forward.
/// </summary>
public sealed class ChampionStack
{
    private readonly List<int> _served;

    private ChampionStack(List<int> served) => _served = served;

    /// <summary>The versions on the rollback path, oldest first; the last one is the current champion.</summary>
    public IReadOnlyList<int> Served => _served;

    public int? Current => _served.Count == 0 ? null : _served[^1];

    /// <summary>The champion before the current one, or null when none served before it.</summary>
    public int? Previous => _served.Count < 2 ? null : _served[^2];

    /// <summary>Whether <paramref name="version"/> served before the current champion and a rollback can return to it.</summary>
    public bool CanReturnTo(int version) => _served.Count >= 2 && _served.Take(_served.Count - 1).Contains(version);

    /// <summary>Replays champion moves given newest first, as <see cref="IModelRegistry.GetHistoryAsync"/> returns them.</summary>
    public static ChampionStack From(IReadOnlyList<AliasMove> newestFirst)
    {
        var served = new List<int>();
        // Replayed oldest first; ordering by position, not by time, keeps moves made in the same tick in order.
        for (var i = newestFirst.Count - 1; i >= 0; i--)
        {
            var move = newestFirst[i];
            if (move.Alias != ModelAliases.Champion || move.ToVersion is not { } to) continue;
            if (served.Count > 0 && served[^1] == to) continue; // a no-op move: nothing changed hands
            if (move.Action == AliasActions.Rollback && served.LastIndexOf(to) is var at and >= 0)
                served.RemoveRange(at + 1, served.Count - at - 1);
            else
                served.Add(to);
        }

        return new ChampionStack(served);
    }
}
