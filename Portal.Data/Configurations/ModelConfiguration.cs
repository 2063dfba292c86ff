using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class ModelConfiguration : IEntityTypeConfiguration<ModelEntity>
{
    public void Configure(EntityTypeBuilder<ModelEntity> e)
    {
        e.ToTable("Models");
        e.Property(m => m.Name).HasMaxLength(64);
        e.HasIndex(m => m.Name).IsUnique();
        e.HasMany(m => m.Versions).WithOne(v => v.Model).HasForeignKey(v => v.ModelId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(m => m.Aliases).WithOne().HasForeignKey(a => a.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
