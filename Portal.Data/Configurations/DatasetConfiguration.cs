using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<DatasetEntity>
{
    public void Configure(EntityTypeBuilder<DatasetEntity> e)
    {
        e.ToTable("Datasets");
        e.Property(d => d.Name).HasMaxLength(200);
        e.Property(d => d.FileName).HasMaxLength(260);
        e.Property(d => d.Sha256).HasMaxLength(64);
        e.HasIndex(d => d.Sha256);
    }
}
