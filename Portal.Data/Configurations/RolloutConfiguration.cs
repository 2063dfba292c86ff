using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Rollouts;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class RolloutConfiguration : IEntityTypeConfiguration<RolloutEntity>
{
    /// <summary>The SQL filter of the active rows: the states of <see cref="RolloutStates.Active"/>, by their stored names.</summary>
    internal static readonly string ActiveFilter =
        "\"State\" IN (" + string.Join(", ", RolloutStates.Active.Select(s => "'" + RolloutNames.Of(s) + "'")) + ")";

    public void Configure(EntityTypeBuilder<RolloutEntity> e)
    {
        e.ToTable("Rollouts");
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).HasConversion(GuidBytes.Converter);
        e.Property(r => r.Kind).HasMaxLength(16);
        e.Property(r => r.State).HasMaxLength(32);
        e.HasOne(r => r.Model).WithMany().HasForeignKey(r => r.ModelId).OnDelete(DeleteBehavior.Cascade);
        // One active rollout per model, enforced by the database: a second insert (or two at once) fails the index.
        e.HasIndex(r => r.ModelId).IsUnique().HasFilter(ActiveFilter).HasDatabaseName("IX_Rollouts_ModelId_Active");
        e.HasIndex(r => new { r.ModelId, r.StartedAt });
    }
}
