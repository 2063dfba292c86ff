using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class PiiScrubJobConfiguration : IEntityTypeConfiguration<PiiScrubJobEntity>
{
    public void Configure(EntityTypeBuilder<PiiScrubJobEntity> e)
    {
        e.ToTable("PiiScrubJobs");
        e.Property(j => j.Status).HasMaxLength(16);
        e.Property(j => j.StartedBy).HasMaxLength(256);
    }
}
