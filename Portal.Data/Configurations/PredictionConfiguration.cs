using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class PredictionConfiguration : IEntityTypeConfiguration<PredictionEntity>
{
    public void Configure(EntityTypeBuilder<PredictionEntity> e)
    {
        e.ToTable("Predictions");
        e.HasIndex(p => new { p.Model, p.At });
        e.HasIndex(p => new { p.Model, p.Version, p.At });
        e.HasIndex(p => p.At);
    }
}
