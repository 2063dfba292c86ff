using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntryEntity>
{
    public void Configure(EntityTypeBuilder<AuditEntryEntity> e)
    {
        e.ToTable("AuditEntries");
        e.Property(a => a.Action).HasMaxLength(64);
        e.HasIndex(a => a.At);
        e.HasIndex(a => new { a.Action, a.At });
        e.HasIndex(a => new { a.Actor, a.At });
    }
}
