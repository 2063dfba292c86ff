using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class ModelAliasConfiguration : IEntityTypeConfiguration<ModelAliasEntity>
{
    public void Configure(EntityTypeBuilder<ModelAliasEntity> e)
    {
        e.ToTable("ModelAliases");
        e.Property(a => a.Alias).HasMaxLength(32);
        e.HasIndex(a => new { a.ModelId, a.Alias }).IsUnique();
    }
}
