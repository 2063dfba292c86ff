using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class ModelGatesConfiguration : IEntityTypeConfiguration<ModelGatesEntity>
{
    public void Configure(EntityTypeBuilder<ModelGatesEntity> e)
    {
        e.ToTable("ModelGates");
        e.HasKey(g => g.ModelId);
        e.Property(g => g.InputRange).HasMaxLength(16);
        e.HasOne<ModelEntity>().WithOne().HasForeignKey<ModelGatesEntity>(g => g.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
