using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class RetrainPipelineConfiguration : IEntityTypeConfiguration<RetrainPipelineEntity>
{
    public void Configure(EntityTypeBuilder<RetrainPipelineEntity> e)
    {
        e.ToTable("RetrainPipelines");
        e.HasKey(p => p.Id);
        e.Property(p => p.Id).ValueGeneratedNever();
        e.Property(p => p.Model).HasMaxLength(64);
        e.Property(p => p.Trigger).HasMaxLength(16);
        e.Property(p => p.Status).HasMaxLength(16);
        e.HasIndex(p => new { p.Model, p.StartedAt });
        e.HasIndex(p => p.Status);
        e.HasIndex(p => p.RunId);
    }
}
