using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDeliveryEntity>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryEntity> e)
    {
        e.ToTable("WebhookDeliveries");
        e.Property(d => d.Id).HasConversion(GuidBytes.Converter).ValueGeneratedNever();
        e.Property(d => d.EventType).HasMaxLength(64);
        e.Property(d => d.Status).HasMaxLength(16);
        // The worker's question ("what is due?") and the page's ("this webhook's newest").
        e.HasIndex(d => new { d.Status, d.NextAttemptAt });
        e.HasIndex(d => new { d.WebhookId, d.CreatedAt });
        e.HasOne<WebhookEntity>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(d => d.Attempts).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}
