using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Portal.Core.Auth;

namespace Portal.Web.Auth;

/// <summary>Authenticates <c>X-Api-Key</c> against the hashed keys (checked in memory after the first look-up).</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PortalSchemes.ApiKeyOf(Request) is not { } presented) return AuthenticateResult.NoResult();
        var key = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("Invalid or revoked API key.");

        var identity = new ClaimsIdentity(
            [new Claim(PortalClaims.Name, $"key:{key.Name}"), new Claim(PortalClaims.Role, key.Role), new Claim("key_id", key.Id.ToString())],
            Scheme.Name, PortalClaims.Name, PortalClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
