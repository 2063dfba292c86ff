using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<WebhookEntity>
{
    public void Configure(EntityTypeBuilder<WebhookEntity> e)
    {
        e.ToTable("Webhooks");
        e.Property(w => w.Url).HasMaxLength(4000);
        e.Property(w => w.Events).HasMaxLength(1000);
    }
}
