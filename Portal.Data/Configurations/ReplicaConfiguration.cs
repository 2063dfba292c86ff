using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class ReplicaConfiguration : IEntityTypeConfiguration<ReplicaEntity>
{
    public void Configure(EntityTypeBuilder<ReplicaEntity> e)
    {
        e.ToTable("Replicas");
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).HasMaxLength(128);
        e.Property(r => r.Host).HasMaxLength(256);
        e.Property(r => r.Version).HasMaxLength(64);
    }
}
