using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttemptEntity>
{
    public void Configure(EntityTypeBuilder<WebhookAttemptEntity> e)
    {
        e.ToTable("WebhookAttempts");
        e.Property(a => a.DeliveryId).HasConversion(GuidBytes.Converter);
        e.Property(a => a.Error).HasMaxLength(1000);
        e.HasIndex(a => a.DeliveryId);
    }
}
