using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class RolloutLookConfiguration : IEntityTypeConfiguration<RolloutLookEntity>
{
    public void Configure(EntityTypeBuilder<RolloutLookEntity> e)
    {
        e.ToTable("RolloutLooks");
        e.Property(l => l.RolloutId).HasConversion(GuidBytes.Converter);
        e.Property(l => l.State).HasMaxLength(32);
        // Read per rollout, in the order written (the id).
        e.HasIndex(l => new { l.RolloutId, l.Id });
        e.HasOne<RolloutEntity>().WithMany().HasForeignKey(l => l.RolloutId).OnDelete(DeleteBehavior.Cascade);
    }
}
