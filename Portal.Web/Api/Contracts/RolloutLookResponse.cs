using Portal.Core.Rollouts;

namespace Portal.Web.Api.Contracts;

/// <summary>
/// One kept look of the decision loop (<c>GET .../rollouts/{id}/looks</c>): the state and step it left the rollout in,
/// the candidate's share in percent, per arm evidence, and the test's statistic with its alpha (A/B and canary: the
/// mSPRT's always-valid p-value; shadow: disagreement rate and McNemar's p-value).
/// </summary>
public sealed record RolloutLookResponse(
    DateTimeOffset At,
    string State,
    int Step,
    double CandidateSharePct,
    RolloutLookArm Champion,
    RolloutLookArm Candidate,
    double? PValue,
    double Alpha,
    double? DisagreementRate,
    double? McNemarPValue)
{
    public static RolloutLookResponse Of(RolloutLook l) =>
        new(l.At, RolloutNames.Of(l.State), l.Step, l.CandidateBasisPoints / 100.0, l.Champion, l.Candidate, l.PValue, l.Alpha, l.DisagreementRate, l.McNemarPValue);
}
