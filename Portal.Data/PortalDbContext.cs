using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Data.Entities;

namespace Portal.Data;

/// <remarks>Also the data-protection key ring's store, so a cookie protected by one replica is read by every other.</remarks>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    public DbSet<DatasetEntity> Datasets => Set<DatasetEntity>();
    public DbSet<ModelEntity> Models => Set<ModelEntity>();
    public DbSet<ModelVersionEntity> ModelVersions => Set<ModelVersionEntity>();
    public DbSet<ModelAliasEntity> ModelAliases => Set<ModelAliasEntity>();
    public DbSet<AliasHistoryEntity> AliasHistory => Set<AliasHistoryEntity>();
    public DbSet<TrainingRunEntity> TrainingRuns => Set<TrainingRunEntity>();
    public DbSet<PredictionEntity> Predictions => Set<PredictionEntity>();
    public DbSet<PredictionCountEntity> PredictionCounts => Set<PredictionCountEntity>();
    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();
    public DbSet<ModelGatesEntity> ModelGates => Set<ModelGatesEntity>();
    public DbSet<VersionApprovalEntity> VersionApprovals => Set<VersionApprovalEntity>();
    public DbSet<AuditEntryEntity> AuditEntries => Set<AuditEntryEntity>();
    public DbSet<LabelEntity> Labels => Set<LabelEntity>();
    public DbSet<DriftRunEntity> DriftRuns => Set<DriftRunEntity>();
    public DbSet<RolloutEntity> Rollouts => Set<RolloutEntity>();
    public DbSet<RolloutDecisionEntity> RolloutDecisions => Set<RolloutDecisionEntity>();
    public DbSet<RolloutLookEntity> RolloutLooks => Set<RolloutLookEntity>();
    public DbSet<WebhookEntity> Webhooks => Set<WebhookEntity>();
    public DbSet<WebhookDeliveryEntity> WebhookDeliveries => Set<WebhookDeliveryEntity>();
    public DbSet<WebhookAttemptEntity> WebhookAttempts => Set<WebhookAttemptEntity>();
    public DbSet<RetrainPolicyEntity> RetrainPolicies => Set<RetrainPolicyEntity>();
    public DbSet<RetrainPipelineEntity> RetrainPipelines => Set<RetrainPipelineEntity>();
    public DbSet<PiiScrubJobEntity> PiiScrubJobs => Set<PiiScrubJobEntity>();
    public DbSet<ReplicaEntity> Replicas => Set<ReplicaEntity>();
    public DbSet<LeaseEntity> Leases => Set<LeaseEntity>();
    public DbSet<SharedSecretEntity> SharedSecrets => Set<SharedSecretEntity>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no DateTimeOffset type; as a sortable integer it can still be compared and ordered in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
