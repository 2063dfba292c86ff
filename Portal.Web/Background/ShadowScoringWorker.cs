using Portal.Core.Rollouts;
using Portal.Core.Serving;

namespace Portal.Web.Background;

/// <summary>
/// Scores the shadowed requests with their rollout's candidate, off the response path, one at a time: a candidate
/// slower than the traffic fills the bounded <see cref="ShadowQueue"/>, and the predict path then sheds (and counts)
/// instead of waiting. Each score is logged as the shadow arm, paired with the champion's prediction.
/// </summary>
public sealed class ShadowScoringWorker(ShadowQueue queue, PredictionService predictions) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
                while (queue.Reader.TryRead(out var request)) predictions.ScoreShadow(request);
        }
        catch (OperationCanceledException)
        {
        }

        // Stopping: what is still queued is not scored; give its buffers back.
        while (queue.Reader.TryRead(out var left)) left.Release();
    }
}
