using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersionEntity>
{
    public void Configure(EntityTypeBuilder<ModelVersionEntity> e)
    {
        e.ToTable("ModelVersions");
        e.HasIndex(v => new { v.ModelId, v.Version }).IsUnique();
        e.Property(v => v.Trainer).HasMaxLength(32);
        e.Property(v => v.Stage).HasMaxLength(16);
        e.Property(v => v.Sha256).HasMaxLength(64);
    }
}
