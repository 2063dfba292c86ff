using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class AliasHistoryConfiguration : IEntityTypeConfiguration<AliasHistoryEntity>
{
    public void Configure(EntityTypeBuilder<AliasHistoryEntity> e)
    {
        e.ToTable("AliasHistory");
        e.Property(h => h.Alias).HasMaxLength(32);
        e.HasIndex(h => new { h.ModelId, h.Alias, h.At });
        e.HasOne<ModelEntity>().WithMany().HasForeignKey(h => h.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
