using Microsoft.AspNetCore.DataProtection;
using Portal.Core.Webhooks;

namespace Portal.Web.Webhooks;

/// <summary>Webhook secrets encrypted with the portal's Data Protection keys (kept with the data, beside the database).</summary>
public sealed class DataProtectionWebhookSecrets(IDataProtectionProvider provider) : IWebhookSecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Portal.Webhooks.Secret");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
