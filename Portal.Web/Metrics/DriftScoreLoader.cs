using Portal.Core.Drift;

namespace Portal.Web.Metrics;

/// <summary>Seeds the drift score board from the stored runs at start, so a restart keeps each version's score.</summary>
public static class DriftScoreLoader
{
    public static async Task LoadDriftScoresAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var board = services.GetRequiredService<DriftScoreBoard>();
        foreach (var score in await services.GetRequiredService<IDriftRunStore>().LatestScoresAsync(ct))
            board.Publish(score.Model, score.Version, score.Score, score.Share);
    }
}
