using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Extensions;

/// <summary>The <c>Portal</c> configuration section. Relative paths are taken from the portal's home folder.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>The artefact store (default: the repository's models/ folder).</summary>
    public string ModelsPath { get; set; } = "models";

    /// <summary>Where the database (by default), uploaded datasets and the generated JWT key live.</summary>
    public string? DataPath { get; set; }

    public DatabaseOptions Database { get; set; } = new();
    public BootstrapOptions Bootstrap { get; set; } = new();
    public DemoOptions Demo { get; set; } = new();
    public JwtOptions Jwt { get; set; } = new();
    public ServingOptions Serving { get; set; } = new();
    public DatasetOptions Datasets { get; set; } = new();
    public MonitoringOptions Monitoring { get; set; } = new();
    public MetricsOptions Metrics { get; set; } = new();
    public RolloutOptions Rollouts { get; set; } = new();
    public WebhookOptions Webhooks { get; set; } = new();
    public TrainingOptions Training { get; set; } = new();
    public RetrainingOptions Retraining { get; set; } = new();
    public PrivacyOptions Privacy { get; set; } = new();

    public sealed class DatabaseOptions
    {
        /// <summary>
        /// sqlite (the default: one file, one process) or postgres (ConnectionStrings:Portal names the server).
        /// PortalPaths reads it before the services are built and stops start-up on another value.
        /// </summary>
        [RegularExpression("(?i)^(sqlite|postgres)?$", ErrorMessage = "The database provider must be sqlite (the default) or postgres.")]
        public string? Provider { get; set; }
    }

    public sealed class BootstrapOptions
    {
        [Required] public string AdminUser { get; set; } = "admin";
        public string? AdminPassword { get; set; }
    }

    public sealed class DemoOptions
    {
        public bool Enabled { get; set; } = true;
        public string Model { get; set; } = "credit-risk";
        public string Dataset { get; set; } = "samples/credit_data.csv";
        public string Label { get; set; } = "Status";
        public string PositiveClass { get; set; } = "bad";
    }

    public sealed class JwtOptions
    {
        /// <summary>When unset, a key is generated on first run and kept beside the database.</summary>
        public string? SigningKey { get; set; }
        public string Issuer { get; set; } = "portal";
        public string Audience { get; set; } = "portal-api";
        [Range(1, 24 * 60)] public int LifetimeMinutes { get; set; } = 60;
    }

    public sealed class ServingOptions
    {
        [Range(1, 1_000_000)] public int BatchLimit { get; set; } = 10_000;
        [Range(1, 10_000_000)] public int PredictionLogCapacity { get; set; } = 100_000;

        /// <summary>Record every prediction (default). Off only to measure what recording costs.</summary>
        public bool RecordPredictions { get; set; } = true;

        /// <summary>The thread pool's minimum worker threads, raised at start-up (see <see cref="ThreadPoolFloor"/>).</summary>
        [Range(1, 32_767)] public int MinWorkerThreads { get; set; } = 16;
    }

    public sealed class TrainingOptions
    {
        /// <summary>Training runs trained at the same time; the others wait in the queue, in order.</summary>
        [Range(1, 64)] public int MaxConcurrentRuns { get; set; } = 1;

        /// <summary>Threads each trainer may use; unset: one fewer than the cores (at least one), so serving keeps a core.</summary>
        [Range(1, 1024)] public int? MaxThreads { get; set; }

        /// <summary>The most candidates (trainer and option values) one sweep may score; a larger grid is refused.</summary>
        [Range(1, 10_000)] public int MaxSweepCandidates { get; set; } = Portal.Core.Training.TrainingSettings.DefaultMaxSweepCandidates;

        /// <summary>From this many rows, a training request that names no trainer trains LightGbm instead of FastTree.</summary>
        [Range(1, long.MaxValue)] public long LargeDatasetRows { get; set; } = Portal.Core.Training.TrainingSettings.DefaultLargeDatasetRows;
    }

    public sealed class RolloutOptions
    {
        /// <summary>Shadowed requests waiting for the candidate's off-path scoring; beyond this they are shed (and counted).</summary>
        [Range(1, 10_000_000)] public int ShadowQueue { get; set; } = 10_000;

        /// <summary>Seconds between two looks of the decision loop at every active rollout.</summary>
        [Range(1, 86_400)] public int DecisionIntervalSeconds { get; set; } = 30;
    }

    public sealed class WebhookOptions
    {
        /// <summary>Seconds an attempt may take (connecting, sending, the response's headers) before it counts as failed.</summary>
        [Range(1, 600)] public int TimeoutSeconds { get; set; } = 10;

        /// <summary>Attempts of one delivery, the first included, before it is marked failed.</summary>
        [Range(1, 20)] public int MaxAttempts { get; set; } = 5;

        /// <summary>The wait after the first failed attempt; it doubles after each further one.</summary>
        [Range(1, 86_400)] public int BackoffSeconds { get; set; } = 10;

        /// <summary>Let webhooks post to loopback, link-local and private addresses (only where every admin is trusted).</summary>
        public bool AllowPrivateTargets { get; set; }

        /// <summary>Events waiting to be stored for delivery; beyond this they are shed (and counted).</summary>
        [Range(1, 1_000_000)] public int QueueCapacity { get; set; } = 1000;
    }

    public sealed class MonitoringOptions
    {
        /// <summary>A champion trained longer ago than this is reported as warning_stale.</summary>
        [Range(0.01, 100_000)] public double StaleAfterHours { get; set; } = 48;

        /// <summary>A drift score (mean shift in reference standard deviations) above this is warning_high_drift.</summary>
        [Range(0, 1000)] public double DriftScoreThreshold { get; set; } = 3.0;

        /// <summary>Logged predictions (and their labels) older than this many days are deleted daily; 0 keeps them forever.</summary>
        [Range(0, 36_500)] public int PredictionRetentionDays { get; set; } = 90;

        /// <summary>Feature names whose values are stored as "[REDACTED]" in the prediction log (e-mails, phone and card numbers are redacted anyway).</summary>
        public List<string> PiiFields { get; set; } = [];

        /// <summary>Drift runs compare the predictions logged in the last this many hours.</summary>
        [Range(0.01, 100_000)] public double DriftWindowHours { get; set; } = 24;

        /// <summary>Scheduled drift runs for every model with a champion, every this many minutes; 0 turns them off.</summary>
        [Range(0, 1_000_000)] public int DriftIntervalMinutes { get; set; } = 60;

        /// <summary>Fewer logged predictions than this in the window: the run reports it and stores nothing.</summary>
        [Range(1, 1_000_000)] public int DriftMinRows { get; set; } = 30;

        /// <summary>At most this many (the newest) logged predictions of the window are compared.</summary>
        [Range(1, 10_000_000)] public int DriftMaxRows { get; set; } = 200_000;
    }

    public sealed class RetrainingOptions
    {
        /// <summary>The global switch: false stops every automatic retrain; a person's "Retrain now" still works.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>Seconds between two looks of the retraining scheduler at every policy's triggers.</summary>
        [Range(1, 86_400)] public int CheckIntervalSeconds { get; set; } = 60;
    }

    public sealed class PrivacyOptions
    {
        /// <summary>Prediction log rows the PII backfill rewrites per transaction.</summary>
        [Range(1, 100_000)] public int ScrubBatchSize { get; set; } = 1000;

        /// <summary>Milliseconds the PII backfill waits between two batches, so the prediction writer is never kept waiting long.</summary>
        [Range(0, 600_000)] public int ScrubPauseMilliseconds { get; set; } = 20;
    }

    public sealed class MetricsOptions
    {
        /// <summary>Let Prometheus scrape /metrics without an API key or token (only on a trusted network).</summary>
        public bool AllowAnonymous { get; set; }

        /// <summary>Also export seed 004's names (lead_model_auc and friends) beside the native ones, for its dashboards and alerts.</summary>
        public bool RunbookNames { get; set; }
    }

    public sealed class DatasetOptions
    {
        /// <summary>The largest CSV accepted, in MB (up to 10 GB; uploads stream to disk, so memory does not grow with it).</summary>
        [Range(1, 10_000)] public int MaxUploadMegabytes { get; set; } = 200;

        public long MaxUploadBytes => MaxUploadMegabytes * 1024L * 1024L;
    }
}
