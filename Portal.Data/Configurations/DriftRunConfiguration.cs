using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class DriftRunConfiguration : IEntityTypeConfiguration<DriftRunEntity>
{
    public void Configure(EntityTypeBuilder<DriftRunEntity> e)
    {
        e.ToTable("DriftRuns");
        e.HasIndex(r => new { r.Model, r.At });
        e.Property(r => r.Status).HasMaxLength(16);
        e.Property(r => r.Trigger).HasMaxLength(16);
    }
}
