namespace Portal.Web.Auth;

/// <summary>Claim types of tokens and API-key principals (short JWT names, not the long WS-* URIs).</summary>
public static class PortalClaims
{
    public const string Name = "name";
    public const string Role = "role";
}
