namespace Portal.Web.Auth;

/// <summary>Claim types of tokens and API-key principals (short JWT names, not the long WS-* URIs).</summary>
public static class PortalClaims
{
    public const string Name = "name";
    public const string Role = "role";
    /// <summary>On an API key's principal: the person the key acts for.</summary>
    public const string Owner = "owner";
    /// <summary>On an API key's principal: the key's name and id.</summary>
    public const string KeyName = "key_name";
    public const string KeyId = "key_id";
}
