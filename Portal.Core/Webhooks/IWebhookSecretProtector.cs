namespace Portal.Core.Webhooks;

/// <summary>
/// Encrypts webhook secrets at rest. The portal must read a secret back to sign with it, so it cannot keep only a hash
/// as it does for API keys; the database then holds no secret in the clear (implemented in Portal.Web with Data Protection).
/// </summary>
public interface IWebhookSecretProtector
{
    string Protect(string secret);

    /// <summary>The secret; throws when it cannot be decrypted (the portal's keys were lost or replaced).</summary>
    string Unprotect(string protectedSecret);
}
