namespace Portal.Core.Rollouts;

/// <summary>Reads a rollout's evidence from the prediction log and the labels (implemented in Portal.Data).</summary>
public interface IRolloutEvidenceStore
{
    /// <summary>
    /// Rows read per arm at most, newest first: the counts stay exact, the quantiles and realized metrics come from these.
    /// 200,000 rows are a few MB and plenty for a p95 or an AUC; a larger window only loses its oldest rows.
    /// </summary>
    const int MaxRowsPerArm = 200_000;

    /// <summary>
    /// The rollout's predictions logged in [<paramref name="since"/>, <paramref name="until"/>), per arm, with their labels
    /// (a shadow score's through the champion prediction it is paired with), and each arm's count since
    /// <paramref name="stepSince"/>, when the current split began (a canary's current step; for A/B and shadow the start):
    /// the sample ratio is checked, and a canary stepped up, on those.
    /// </summary>
    Task<RolloutEvidenceRows> ReadAsync(Rollout rollout, DateTimeOffset since, DateTimeOffset stepSince, DateTimeOffset until,
        int maxRowsPerArm = MaxRowsPerArm, CancellationToken ct = default);
}
