namespace Portal.Data.Entities;

/// <summary>
/// One rollout. Kind, state and the two versions are columns (read and filtered on); the rest of the plan is
/// <see cref="PlanJson"/>. A unique index over the active rows (RolloutConfiguration) keeps one active rollout per model.
/// </summary>
public sealed class RolloutEntity
{
    public Guid Id { get; set; }
    public int ModelId { get; set; }
    public ModelEntity? Model { get; set; }
    public int ChampionVersion { get; set; }
    public int CandidateVersion { get; set; }
    public required string Kind { get; set; }
    public required string State { get; set; }
    public int CurrentStep { get; set; }

    /// <summary>Steps, weights, sticky key, limits and rollback policy (<see cref="Stores.RolloutPlanJson"/>).</summary>
    public required string PlanJson { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? Reason { get; set; }
    public required string StartedBy { get; set; }
}
