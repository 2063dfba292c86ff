using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class PredictionConfiguration : IEntityTypeConfiguration<PredictionEntity>
{
    public void Configure(EntityTypeBuilder<PredictionEntity> e)
    {
        e.ToTable("Predictions");
        // One B-tree and no index: the key is the rowid and grows with time, so every insert appends and every time
        // window is a range of it, and a prediction is found through its id's millisecond (PredictionStore). Each
        // index would cost every insert, and the writer's CPU is taken from the predict path (bench/results/logging.md).
        e.HasKey(p => p.Key);
        e.Property(p => p.Key).ValueGeneratedNever();
        e.Property(p => p.Id).HasConversion(GuidBytes.Converter);
        e.Property(p => p.RolloutId).HasConversion(GuidBytes.Converter);
        e.Property(p => p.Arm).HasMaxLength(16);
    }
}
