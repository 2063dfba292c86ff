using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class LeaseConfiguration : IEntityTypeConfiguration<LeaseEntity>
{
    public void Configure(EntityTypeBuilder<LeaseEntity> e)
    {
        e.ToTable("Leases");
        e.HasKey(l => l.Name);
        e.Property(l => l.Name).HasMaxLength(100);
        e.Property(l => l.Holder).HasMaxLength(128);
    }
}
