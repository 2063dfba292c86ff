using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Portal.Web.Extensions;

namespace Portal.Web.Auth;

/// <summary>Mints bearer tokens for API clients that signed in with a user name and password.</summary>
public sealed class TokenIssuer(SymmetricSecurityKey key, IOptions<PortalOptions> options, TimeProvider time)
{
    public (string Token, int ExpiresIn) Issue(string userName, string role)
    {
        var jwt = options.Value.Jwt;
        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = TimeSpan.FromMinutes(jwt.LifetimeMinutes);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userName), new Claim(PortalClaims.Name, userName), new Claim(PortalClaims.Role, role)]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return (token, (int)lifetime.TotalSeconds);
    }
}
