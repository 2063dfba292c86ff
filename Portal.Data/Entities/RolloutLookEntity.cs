namespace Portal.Data.Entities;

/// <summary>One stored look of the decision loop at a rollout: flat columns, one row per kept look (see RolloutLookThinning).</summary>
public sealed class RolloutLookEntity
{
    public long Id { get; set; }
    public Guid RolloutId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string State { get; set; }
    public int Step { get; set; }
    public int CandidateBasisPoints { get; set; }

    public int ChampionVersion { get; set; }
    public long ChampionRequests { get; set; }
    public long? ChampionErrors { get; set; }
    public double? ChampionPositiveRate { get; set; }
    public long ChampionLabelled { get; set; }
    public double? ChampionAccuracy { get; set; }
    public double? ChampionAuc { get; set; }
    public double? ChampionP95Ms { get; set; }

    public int CandidateVersion { get; set; }
    public long CandidateRequests { get; set; }
    public long? CandidateErrors { get; set; }
    public double? CandidatePositiveRate { get; set; }
    public long CandidateLabelled { get; set; }
    public double? CandidateAccuracy { get; set; }
    public double? CandidateAuc { get; set; }
    public double? CandidateP95Ms { get; set; }

    public double? PValue { get; set; }
    public double Alpha { get; set; }
    public double? DisagreementRate { get; set; }
    public double? McNemarPValue { get; set; }
}
