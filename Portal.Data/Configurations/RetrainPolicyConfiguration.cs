using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class RetrainPolicyConfiguration : IEntityTypeConfiguration<RetrainPolicyEntity>
{
    public void Configure(EntityTypeBuilder<RetrainPolicyEntity> e)
    {
        e.ToTable("RetrainPolicies");
        e.HasKey(p => p.Model);
        e.Property(p => p.Model).HasMaxLength(64);
    }
}
