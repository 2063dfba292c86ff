using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class LabelConfiguration : IEntityTypeConfiguration<LabelEntity>
{
    public void Configure(EntityTypeBuilder<LabelEntity> e)
    {
        e.ToTable("Labels");
        e.HasKey(l => l.PredictionKey);
        e.Property(l => l.PredictionKey).ValueGeneratedNever();
        e.Property(l => l.PredictionId).HasConversion(GuidBytes.Converter);
        e.HasOne<PredictionEntity>().WithOne().HasForeignKey<LabelEntity>(l => l.PredictionKey).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(l => l.ReceivedAt);
    }
}
