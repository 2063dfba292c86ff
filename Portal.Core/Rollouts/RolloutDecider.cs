using System.Collections.Concurrent;
using Portal.Core.Gates;
using Portal.Core.Performance;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Statistics;

namespace Portal.Core.Rollouts;

/// <summary>
/// One look at every active rollout: read its evidence (the prediction log and labels since its current step began,
/// with the serving side's live counters), let <see cref="RolloutJudge"/> decide, and apply the verdict through
/// <see cref="RolloutService"/>. The decision loop calls <see cref="DecideAllAsync"/> on a timer; tests call it after
/// moving the clock. The latest evidence of each rollout is kept for the API and the pages (a hold stores no decision), and
/// every look is offered to <see cref="RolloutLookRecorder"/>, which keeps a thinned history of them for the charts.
/// </summary>
public sealed class RolloutDecider(RolloutService rollouts, IRolloutEvidenceStore evidence, IGateStore gates, ModelServer server, TimeProvider time,
    RolloutLookRecorder looks, IModelRegistry registry) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, RolloutEvidence> _latest = new();

    // One look at a time: the timer's and a test's (or two replicas' worth of ticks) would otherwise both step a canary up.
    private readonly SemaphoreSlim _looking = new(1, 1);

    // The mSPRT's running p-value per rollout: only the running minimum makes it valid under repeated looks. After a
    // restart it resumes from the evidence stored with the last decision (looks that held since are lost, which only
    // makes the test more careful).
    private readonly ConcurrentDictionary<Guid, SequentialLook> _looks = new();

    /// <summary>The evidence the rollout was last judged on, if it was judged since start-up.</summary>
    public RolloutEvidence? LatestEvidence(Guid rolloutId) => _latest.GetValueOrDefault(rolloutId);

    /// <summary>Judges every active rollout once; returns those a decision changed.</summary>
    public async Task<IReadOnlyList<Rollout>> DecideAllAsync(CancellationToken ct = default)
    {
        await _looking.WaitAsync(ct);
        try
        {
            var changed = new List<Rollout>();
            foreach (var rollout in await rollouts.ListActiveAsync(ct))
            {
                if (await DecideOneAsync(rollout, ct) is { } after) changed.Add(after);
            }

            return changed;
        }
        finally
        {
            _looking.Release();
        }
    }

    /// <summary>Judges one rollout; returns it as stored after the decision, or null when it holds.</summary>
    private async Task<Rollout?> DecideOneAsync(Rollout rollout, CancellationToken ct)
    {
        if (await rollouts.ChampionChangeOf(rollout, ct) is { } changed)
            return await rollouts.ApplyAsync(rollout, RolloutAction.Aborted, changed, null, ct);
        if (rollout.State is not (RolloutState.Running or RolloutState.AwaitingApproval)) return null;

        var now = time.GetUtcNow();
        var decisions = await rollouts.ListDecisionsAsync(rollout.Id, ct);
        var stepSince = decisions.LastOrDefault(d => d.Action == RolloutAction.StepUp)?.At ?? rollout.StartedAt;
        // The log keeps times to a tenth of a millisecond: the window ends a millisecond ahead, so it holds every prediction so far.
        var rows = await evidence.ReadAsync(rollout, rollout.StartedAt, stepSince, now.AddMilliseconds(1), ct: ct);
        var live = server.RolloutOf(rollout.Model) is { } active && active.Rollout.Id == rollout.Id ? active.Stats.Snapshot() : null;
        var previous = _looks.GetValueOrDefault(rollout.Id) ?? StoredLook(decisions);
        var references = rollout.Plan.EstimatesGates ? await EstimationReferencesAsync(rollout, ct) : null;
        var found = RolloutEvidenceBuilder.Build(rollout, rows, now, previous.PValue, previous.Decision, live, references);
        _latest[rollout.Id] = found;
        if (found.Sequential is { } look) _looks[rollout.Id] = look;

        Rollout? after;
        // Waiting for a second admin's approval: try the promotion again (it goes through once someone approved).
        if (rollout.State == RolloutState.AwaitingApproval)
        {
            var approved = $"v{rollout.CandidateVersion} won and has the approval its gates require.";
            after = await rollouts.ApplyAsync(rollout, RolloutAction.Promoted, approved, RolloutEvidenceJson.Write(found), ct);
        }
        else
        {
            var verdict = RolloutJudge.Judge(rollout, found, await gates.GetAsync(rollout.Model, ct) ?? ModelGates.Off, now);
            after = verdict.Action is null ? null : await rollouts.ApplyAsync(rollout, verdict.Action, verdict.Reason, RolloutEvidenceJson.Write(found), ct);
        }

        // After the decision, so the look carries the state and step it left the rollout in; a failure is reported, not thrown.
        await looks.RecordAsync(after ?? rollout, found, ct);
        return after;
    }

    /// <summary>Both arms' estimation references (CBPE), for a plan that judges gates on estimates; a version without one is left out.</summary>
    private async Task<IReadOnlyDictionary<int, EstimationReference>> EstimationReferencesAsync(Rollout rollout, CancellationToken ct)
    {
        var references = new Dictionary<int, EstimationReference>();
        foreach (var version in new[] { rollout.ChampionVersion, rollout.CandidateVersion })
        {
            if (await registry.GetVersionAsync(rollout.Model, version, ct) is { Evaluation.Estimation: { } reference }) references[version] = reference;
        }

        return references;
    }

    /// <summary>The sequential test as the last decision stored it, or its start.</summary>
    private static SequentialLook StoredLook(IReadOnlyList<RolloutDecision> decisions)
    {
        foreach (var decision in decisions.Reverse())
        {
            if (decision.EvidenceJson is { } json && RolloutEvidenceJson.Read(json).Sequential is { } look)
                return SequentialLook.Resume(look.PValue, look.Decision);
        }

        return SequentialLook.Start;
    }

    public void Dispose() => _looking.Dispose();
}
