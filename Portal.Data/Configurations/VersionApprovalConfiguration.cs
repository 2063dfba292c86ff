using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class VersionApprovalConfiguration : IEntityTypeConfiguration<VersionApprovalEntity>
{
    public void Configure(EntityTypeBuilder<VersionApprovalEntity> e)
    {
        e.ToTable("VersionApprovals");
        e.HasIndex(a => new { a.ModelId, a.Version });
        e.Property(a => a.Person).HasDefaultValue("");
        e.HasOne<ModelEntity>().WithMany().HasForeignKey(a => a.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
