namespace Portal.Core.Webhooks;

/// <summary>
/// A registered webhook: where deliveries go and which events it takes (<see cref="Events"/> empty: all of them).
/// The secret is not here: it is shown once at creation and afterwards only read to sign a delivery.
/// </summary>
public sealed record WebhookSubscription(
    int Id,
    string Url,
    IReadOnlyList<string> Events,
    string? Description,
    bool Enabled,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    public bool Takes(string eventType) => Events.Count == 0 || Events.Contains(eventType, StringComparer.Ordinal);
}
