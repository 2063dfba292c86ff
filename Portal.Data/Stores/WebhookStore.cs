using Microsoft.EntityFrameworkCore;
using Portal.Core.Webhooks;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

internal sealed class WebhookStore(IDbContextFactory<PortalDbContext> factory) : IWebhookStore
{
    public async Task<WebhookSubscription> AddAsync(string url, IReadOnlyList<string> events, string? description, string protectedSecret, string createdBy, DateTimeOffset createdAt, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entity = new WebhookEntity
        {
            Url = url, Events = string.Join(',', events), Description = description, ProtectedSecret = protectedSecret,
            Enabled = true, CreatedBy = createdBy, CreatedAt = createdAt,
        };
        db.Webhooks.Add(entity);
        await db.SaveChangesAsync(ct);
        return ToSubscription(entity);
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.Webhooks.AsNoTracking().OrderBy(w => w.Id).ToListAsync(ct)).Select(ToSubscription).ToList();
    }

    public async Task<WebhookSubscription?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entity = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
        return entity is null ? null : ToSubscription(entity);
    }

    public async Task<WebhookSubscription?> UpdateAsync(int id, bool? enabled, IReadOnlyList<string>? events, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entity = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == id, ct);
        if (entity is null) return null;
        if (enabled is { } on) entity.Enabled = on;
        if (events is not null) entity.Events = string.Join(',', events);
        await db.SaveChangesAsync(ct);
        return ToSubscription(entity);
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // Deliveries and their attempts go with it (cascading foreign keys).
        return await db.Webhooks.Where(w => w.Id == id).ExecuteDeleteAsync(ct) == 1;
    }

    public async Task<string?> GetSecretAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Webhooks.Where(w => w.Id == id).Select(w => w.ProtectedSecret).FirstOrDefaultAsync(ct);
    }

    public async Task AddDeliveriesAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.WebhookDeliveries.AddRange(deliveries.Select(d => new WebhookDeliveryEntity
        {
            Id = d.Id, WebhookId = d.WebhookId, EventType = d.EventType, Model = d.Model, PayloadJson = d.PayloadJson,
            CreatedAt = d.CreatedAt, Status = d.Status, NextAttemptAt = d.NextAttemptAt,
        }));
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDueAsync(DateTimeOffset now, int take, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var due = await db.WebhookDeliveries.AsNoTracking().Include(d => d.Attempts)
            .Where(d => d.Status == WebhookDeliveryStatuses.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).Take(take).ToListAsync(ct);
        return due.Select(ToDelivery).ToList();
    }

    public async Task RecordAttemptAsync(Guid deliveryId, WebhookAttempt attempt, string status, DateTimeOffset? nextAttemptAt, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is null) return; // its webhook was deleted during the attempt
        delivery.Status = status;
        delivery.NextAttemptAt = nextAttemptAt;
        db.WebhookAttempts.Add(new WebhookAttemptEntity
        {
            DeliveryId = deliveryId, At = attempt.At, StatusCode = attempt.StatusCode,
            Error = attempt.Error is { Length: > 1000 } text ? text[..1000] : attempt.Error, DurationMs = attempt.DurationMs,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(int webhookId, int take, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var deliveries = await db.WebhookDeliveries.AsNoTracking().AsSplitQuery().Include(d => d.Attempts)
            .Where(d => d.WebhookId == webhookId).OrderByDescending(d => d.CreatedAt).Take(take).ToListAsync(ct);
        return deliveries.Select(ToDelivery).ToList();
    }

    private static WebhookSubscription ToSubscription(WebhookEntity e) =>
        new(e.Id, e.Url, e.Events.Length == 0 ? [] : e.Events.Split(','), e.Description, e.Enabled, e.CreatedBy, e.CreatedAt);

    private static WebhookDelivery ToDelivery(WebhookDeliveryEntity d) =>
        new(d.Id, d.WebhookId, d.EventType, d.Model, d.PayloadJson, d.CreatedAt, d.Status, d.NextAttemptAt,
            d.Attempts.OrderBy(a => a.Id).Select(a => new WebhookAttempt(a.At, a.StatusCode, a.Error, a.DurationMs)).ToList());
}
