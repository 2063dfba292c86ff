using System.Collections.Concurrent;

namespace Portal.Core.Rollouts;

/// <summary>
/// Keeps the decision loop's looks (<see cref="IRolloutLookStore"/>), thinned by <see cref="RolloutLookThinning"/>. The
/// newest kept look of each rollout is held in memory (read from the store once after a restart), so thinning costs no
/// query per look. A look that cannot be stored is reported through <see cref="StoreFailed"/> (the host logs it) and
/// never stops the decision it belongs to.
/// </summary>
public sealed class RolloutLookRecorder(IRolloutLookStore store, RolloutLookSettings settings)
{
    private readonly ConcurrentDictionary<Guid, RolloutLook> _last = new();

    /// <summary>Raised with the rollout's id when a look could not be stored (or the last one could not be read).</summary>
    public event Action<Guid, Exception>? StoreFailed;

    /// <summary>
    /// The look taken on <paramref name="evidence"/>, with <paramref name="after"/>'s state and step (the rollout as the
    /// look left it), kept if the thinning rule says so. Returns whether it was stored.
    /// </summary>
    public async Task<bool> RecordAsync(Rollout after, RolloutEvidence evidence, CancellationToken ct = default)
    {
        var look = Of(after, evidence);
        try
        {
            var last = _last.TryGetValue(after.Id, out var known) ? known : await store.LastAsync(after.Id, ct);
            if (!RolloutLookThinning.Keep(last, look, after.StartedAt, settings.Interval))
            {
                if (last is not null) _last[after.Id] = last;
                return false;
            }

            await store.AppendAsync(look, ct);
            _last[after.Id] = look;
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            StoreFailed?.Invoke(after.Id, ex);
            return false;
        }
    }

    /// <summary>The compact look: per arm counts, rates and realized metrics, and the test's statistic with its alpha.</summary>
    public static RolloutLook Of(Rollout after, RolloutEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(evidence);
        var shadow = after.Kind == RolloutKind.Shadow;
        var candidateErrors = shadow ? evidence.Live?.ShadowErrors : evidence.Live?.CandidateErrors;
        return new RolloutLook(after.Id, evidence.At, after.State, after.CurrentStep, after.Plan.CandidateBasisPointsAt(after.CurrentStep),
            Arm(evidence.Champion, null), Arm(evidence.Candidate, candidateErrors),
            shadow ? null : evidence.Sequential?.PValue,
            shadow ? RolloutDefaults.PairedAlpha : RolloutEvidenceBuilder.SequentialOptions.Alpha,
            evidence.Shadow?.DisagreementRate,
            evidence.Shadow?.McNemar?.PValue);
    }

    private static RolloutLookArm Arm(ArmEvidence arm, long? errors) =>
        new(arm.Version, arm.Predictions, errors, arm.PredictedPositiveRate, arm.Labelled, arm.Accuracy, arm.Auc, arm.LatencyP95Ms);
}
