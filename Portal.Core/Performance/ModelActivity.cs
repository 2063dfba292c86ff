namespace Portal.Core.Performance;

/// <summary>
/// What the dashboard shows of a model's traffic: its champion's realized metrics over the last 7 days (null: no
/// champion or no labelled predictions) and how many predictions are logged, as read at <see cref="At"/>.
/// </summary>
public sealed record ModelActivity(int? ChampionVersion, RealizedMetrics? Realized, long Predictions, DateTimeOffset At);
