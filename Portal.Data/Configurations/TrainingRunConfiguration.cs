using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class TrainingRunConfiguration : IEntityTypeConfiguration<TrainingRunEntity>
{
    public void Configure(EntityTypeBuilder<TrainingRunEntity> e)
    {
        e.ToTable("TrainingRuns");
        e.HasKey(r => r.RunId);
        e.Property(r => r.Status).HasMaxLength(16);
        e.HasIndex(r => new { r.Model, r.CreatedAt });
        e.HasIndex(r => r.Status);
    }
}
