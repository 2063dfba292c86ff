using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class SharedSecretConfiguration : IEntityTypeConfiguration<SharedSecretEntity>
{
    public void Configure(EntityTypeBuilder<SharedSecretEntity> e)
    {
        e.ToTable("SharedSecrets");
        e.HasKey(s => s.Name);
        e.Property(s => s.Name).HasMaxLength(100);
    }
}
