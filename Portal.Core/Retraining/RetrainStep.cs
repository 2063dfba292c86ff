using Portal.Core.Gates;

namespace Portal.Core.Retraining;

/// <summary>One recorded step of a pipeline: what (<see cref="Step"/>), when, how it ended and why; the gates step carries each gate's result.</summary>
public sealed record RetrainStep(string Step, DateTimeOffset At, string Outcome, string Reason, IReadOnlyList<GateResult>? Gates = null);
