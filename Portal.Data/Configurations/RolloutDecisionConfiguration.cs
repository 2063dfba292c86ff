using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class RolloutDecisionConfiguration : IEntityTypeConfiguration<RolloutDecisionEntity>
{
    public void Configure(EntityTypeBuilder<RolloutDecisionEntity> e)
    {
        e.ToTable("RolloutDecisions");
        e.Property(d => d.RolloutId).HasConversion(GuidBytes.Converter);
        e.Property(d => d.Action).HasMaxLength(32);
        e.HasIndex(d => d.RolloutId);
        e.HasOne<RolloutEntity>().WithMany().HasForeignKey(d => d.RolloutId).OnDelete(DeleteBehavior.Cascade);
    }
}
