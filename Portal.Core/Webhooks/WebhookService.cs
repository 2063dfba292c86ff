using System.Security.Cryptography;
using Portal.Core.Audit;
using Portal.Core.Common;

namespace Portal.Core.Webhooks;

/// <summary>
/// Registers, changes and removes webhooks, and lists their deliveries. A URL is checked when it is registered
/// (http or https, and a public address unless <see cref="WebhookSettings.AllowPrivateTargets"/>); the secret is
/// 256 random bits, returned once and stored encrypted.
/// </summary>
public sealed class WebhookService(IWebhookStore store, IWebhookSecretProtector secrets, IAuditLog audit, WebhookSettings settings,
    HostResolver resolve, TimeProvider time, WebhookDispatcher dispatcher)
{
    public const string SecretPrefix = "whsec_";

    public Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken ct = default) => store.ListAsync(ct);

    public Task<WebhookSubscription?> GetAsync(int id, CancellationToken ct = default) => store.GetAsync(id, ct);

    /// <summary>Throws <see cref="WebhookValidationException"/> naming the field when the URL or an event is refused; nothing is stored then.</summary>
    public async Task<WebhookCreated> CreateAsync(string? url, IReadOnlyList<string?>? events, string? description, string by, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var uri = await CheckUrlAsync(url, errors, ct);
        var checkedEvents = CheckEvents(events, errors);
        if (TextLimits.Check(description, TextLimits.Text) is { } tooLong) errors["description"] = [tooLong + "."];
        if (errors.Count > 0) throw new WebhookValidationException(errors);

        var secret = SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var text = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        var webhook = await store.AddAsync(uri!.AbsoluteUri, checkedEvents, text, secrets.Protect(secret), by, time.GetUtcNow(), ct);
        await audit.RecordAsync(by, AuditActions.WebhookCreated, webhook.Url, new { webhook.Id, events = EventsText(webhook.Events) }, ct);
        return new WebhookCreated(webhook, secret);
    }

    /// <summary>Switches the webhook on or off and/or replaces its events; null when there is no such webhook.</summary>
    public async Task<WebhookSubscription?> UpdateAsync(int id, bool? enabled, IReadOnlyList<string?>? events, string by, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var checkedEvents = events is null ? null : CheckEvents(events, errors);
        if (errors.Count > 0) throw new WebhookValidationException(errors);
        var updated = await store.UpdateAsync(id, enabled, checkedEvents, ct);
        if (updated is not null)
            await audit.RecordAsync(by, AuditActions.WebhookUpdated, updated.Url, new { updated.Id, updated.Enabled, events = EventsText(updated.Events) }, ct);
        return updated;
    }

    public async Task<bool> DeleteAsync(int id, string by, CancellationToken ct = default)
    {
        var webhook = await store.GetAsync(id, ct);
        if (webhook is null || !await store.DeleteAsync(id, ct)) return false;
        await audit.RecordAsync(by, AuditActions.WebhookDeleted, webhook.Url, new { webhook.Id }, ct);
        return true;
    }

    /// <summary>The webhook's newest deliveries, each with its attempts; null when there is no such webhook.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>?> DeliveriesAsync(int id, int take = 50, CancellationToken ct = default) =>
        await store.GetAsync(id, ct) is null ? null : await store.ListDeliveriesAsync(id, Math.Clamp(take, 1, 500), ct);

    /// <summary>Queues a <c>ping</c> to the webhook (enabled or not) and wakes the worker; null when there is no such webhook.</summary>
    public async Task<WebhookDelivery?> PingAsync(int id, string by, CancellationToken ct = default)
    {
        var webhook = await store.GetAsync(id, ct);
        if (webhook is null) return null;
        var ping = new WebhookEvent(WebhookPayload.Ping, "", time.GetUtcNow(), new { webhook = webhook.Id, by });
        return await dispatcher.QueueAsync(webhook, ping, ct);
    }

    private async Task<Uri?> CheckUrlAsync(string? url, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (WebhookTargets.CheckSyntax(url, out var uri) is { } syntax)
        {
            errors["url"] = [syntax];
            return null;
        }

        if (TextLimits.Check(url, TextLimits.Text) is { } tooLong)
        {
            errors["url"] = [tooLong + "."];
            return null;
        }

        if (!settings.AllowPrivateTargets && await WebhookTargets.CheckAddressAsync(uri!, (h, c) => resolve(h, c), ct) is { } address)
        {
            errors["url"] = [address];
            return null;
        }

        return uri;
    }

    private static List<string> CheckEvents(IReadOnlyList<string?>? events, Dictionary<string, string[]> errors)
    {
        var list = new List<string>();
        if (events is null) return list;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i]?.Trim();
            if (e is null || !WebhookEventTypes.All.Contains(e, StringComparer.Ordinal))
                errors[$"events[{i}]"] = [$"'{events[i]}' is not an event; use {string.Join(", ", WebhookEventTypes.All)}."];
            else if (!list.Contains(e)) list.Add(e);
        }

        return list;
    }

    private static string EventsText(IReadOnlyList<string> events) => events.Count == 0 ? "all" : string.Join(", ", events);
}
