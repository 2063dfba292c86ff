using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class PredictionCountConfiguration : IEntityTypeConfiguration<PredictionCountEntity>
{
    public void Configure(EntityTypeBuilder<PredictionCountEntity> e)
    {
        e.ToTable("PredictionCounts");
        // Model first: a model's count (the dashboard's) is a range of the key; an hour range within it is the Predictions page's total.
        e.HasKey(c => new { c.Model, c.Version, c.Hour });
    }
}
