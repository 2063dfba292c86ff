using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class PredictionConfiguration : IEntityTypeConfiguration<PredictionEntity>
{
    public void Configure(EntityTypeBuilder<PredictionEntity> e)
    {
        e.ToTable("Predictions");
        // One secondary index: every query (drift window, performance, exports, the Predictions page) filters by model
        // and time; each extra index costs every insert on the predict path's machine. Retention's daily delete scans.
        e.HasIndex(p => new { p.Model, p.At });
    }
}
