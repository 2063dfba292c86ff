using Microsoft.Extensions.Options;
using Portal.Core.Datasets;
using Portal.Core.Rollouts;
using Portal.Data;
using Portal.Web.Auth;
using Portal.Web.Background;
using Portal.Web.Metrics;

namespace Portal.Web.Extensions;

public static class StartupExtensions
{
    /// <summary>The longest wait between two attempts to reach a PostgreSQL server that was down at start.</summary>
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Before the first request: migrate the database, ensure the admin, load what serves (with the active rollouts) and
    /// its drift scores. On PostgreSQL a server that cannot be reached does not stop the process: it starts unready
    /// (/health/ready says why) and keeps trying in the background, so a fleet can start before its database.
    /// </summary>
    public static async Task InitializePortalAsync(this WebApplication app)
    {
        ThreadPoolFloor.Apply(app.Services.GetRequiredService<IOptions<PortalOptions>>().Value.Serving.MinWorkerThreads);
        SweepTempFiles(app);
        var startup = app.Services.GetRequiredService<StartupState>();
        if (app.Services.GetRequiredService<PortalPaths>().Provider != DatabaseProvider.Postgres)
        {
            await InitializeDatabaseAsync(app.Services, CancellationToken.None);
            startup.SetInitialized();
            return;
        }

        try
        {
            await InitializeDatabaseAsync(app.Services, CancellationToken.None);
            startup.SetInitialized();
        }
        catch (Exception ex) when (DatabaseFaults.IsUnreachable(ex))
        {
            ReportUnreachable(app.Services, startup, ex);
            _ = RetryInitializationAsync(app, startup);
        }
    }

    /// <summary>
    /// Uploads and training spills a process that died left in the datasets' temporary folder and the system's: they can
    /// run to gigabytes, and nothing else would ever delete them.
    /// </summary>
    private static void SweepTempFiles(WebApplication app)
    {
        string[] folders = [app.Services.GetRequiredService<DatasetService>().TempFolder(), Path.GetTempPath()];
        var swept = TempFileSweep.Sweep(folders, app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (swept.Deleted > 0 || swept.Failed > 0)
            app.Logger.LogInformation(
                "Deleted {Count} temporary files ({Megabytes:0.0} MB) left by an earlier process in {Folders}; {Failed} could not be deleted",
                swept.Deleted, swept.Bytes / 1048576.0, string.Join(", ", folders.Distinct(StringComparer.Ordinal)), swept.Failed);
    }

    private static async Task InitializeDatabaseAsync(IServiceProvider services, CancellationToken ct)
    {
        await services.MigratePortalDatabaseAsync(ct);
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().EnsureAsync();
        await services.GetRequiredService<ServingLoader>().LoadAsync(ct);
        // Active rollouts split traffic again before /health/ready answers 200: a restart resumes them where they were.
        await services.GetRequiredService<RolloutService>().RestoreAsync(ct);
        await services.LoadDriftScoresAsync(ct);
        // Before the scheduler's first pass: a pipeline the last process left running ends failed, never resumed.
        await services.GetRequiredService<Portal.Core.Retraining.RetrainingService>().FailInterruptedAsync(ct);
    }

    /// <summary>
    /// Tries again (1 s, 2 s, 4 s, then every 5 s) until the server answers. Anything but an unreachable server (a
    /// migration that fails, say) stops the portal with the reason, as it does at a first attempt: never a silent hang.
    /// </summary>
    private static async Task RetryInitializationAsync(WebApplication app, StartupState startup)
    {
        var time = app.Services.GetRequiredService<TimeProvider>();
        var stopping = app.Lifetime.ApplicationStopping;
        var delay = TimeSpan.FromSeconds(1);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, time, stopping);
                await InitializeDatabaseAsync(app.Services, stopping);
                startup.SetInitialized();
                app.Logger.LogInformation("The database answers: start-up continues");
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (DatabaseFaults.IsUnreachable(ex))
            {
                ReportUnreachable(app.Services, startup, ex);
                delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, delay.Ticks * 2));
            }
            catch (Exception ex)
            {
                app.Logger.LogCritical(ex, "Start-up failed once the database answered; the portal stops");
                startup.Set($"start-up failed: {ex.Message}", ready: false);
                Environment.ExitCode = 1;
                app.Lifetime.StopApplication();
                return;
            }
        }
    }

    private static void ReportUnreachable(IServiceProvider services, StartupState startup, Exception ex)
    {
        var reason = DatabaseFaults.Reason(ex);
        startup.Set($"database unreachable: {reason}; retrying", ready: false);
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupExtensions).FullName!)
            .LogWarning("The database cannot be reached ({Reason}); the portal stays unready and tries again", reason);
    }
}
