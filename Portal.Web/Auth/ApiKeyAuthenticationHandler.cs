using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Portal.Core.Auth;

namespace Portal.Web.Auth;

/// <summary>
/// Authenticates <c>X-Api-Key</c> against the hashed keys, then against its owner's current access (both in
/// memory after the first look-up, the same cache that re-checks bearer tokens): the key acts with the lower of
/// its role and the owner's current role, and a disabled or deleted owner's keys are refused at once.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys,
    UserAccessCache access)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PortalSchemes.ApiKeyOf(Request) is not { } presented) return AuthenticateResult.NoResult();
        var key = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("Invalid or revoked API key.");
        var owner = key.Owner.Length == 0 ? null : await access.GetAsync(key.Owner, Context.RequestAborted);
        if (ApiKeyGrant.RoleFor(key, owner) is not { } role) return AuthenticateResult.Fail("The key's owner is disabled or no longer exists.");

        var identity = new ClaimsIdentity(
            [
                new Claim(PortalClaims.Name, $"key:{key.Name}"), new Claim(PortalClaims.Role, role), new Claim(PortalClaims.KeyId, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(PortalClaims.KeyName, key.Name), new Claim(PortalClaims.Owner, key.Owner),
            ],
            Scheme.Name, PortalClaims.Name, PortalClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
