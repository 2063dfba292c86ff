using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using Portal.Core.Auth;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Web.Auth;

namespace Portal.Web.Extensions;

public static class AuthExtensions
{
    /// <summary>
    /// Identity for people (cookie, pages only), JWT bearer and API keys for clients (/api, /ops, /metrics only).
    /// A policy scheme picks the handler from the path, so a browser's cookie can never drive the API.
    /// </summary>
    public static WebApplicationBuilder AddPortalAuth(this WebApplicationBuilder builder, PortalPaths paths)
    {
        var services = builder.Services;
        var jwt = builder.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>()?.Jwt ?? new PortalOptions.JwtOptions();
        // A fleet on PostgreSQL shares its generated signing key and its data-protection keys through the database (FleetSyncExtensions).
        var fleet = paths.Provider == DatabaseProvider.Postgres;
        if (!fleet || !string.IsNullOrEmpty(jwt.SigningKey)) services.AddSingleton(JwtSigningKey.Load(jwt.SigningKey, paths));
        // Keys that protect cookies and antiforgery tokens live with the data, so sign-ins survive restarts.
        if (!fleet) services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(paths.DataPath, "keys"))).SetApplicationName("Portal");
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<ApiKeyService>();
        services.AddScoped<AdminBootstrapper>();
        services.AddSingleton<UserAccessCache>();
        services.AddScoped<UserAdminService>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = PortalSchemes.Selector;
                o.DefaultChallengeScheme = PortalSchemes.Selector;
            })
            .AddPolicyScheme(PortalSchemes.Selector, "Cookie for pages, bearer or API key for the API", o =>
                o.ForwardDefaultSelector = context => !PortalSchemes.IsApiPath(context.Request.Path)
                    ? IdentityConstants.ApplicationScheme
                    : PortalSchemes.ApiKeyOf(context.Request) is not null ? PortalSchemes.ApiKey : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    NameClaimType = PortalClaims.Name,
                    RoleClaimType = PortalClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                // Disabled users are refused and demoted users lose their old role at once, checked in memory.
                o.Events = new JwtBearerEvents { OnTokenValidated = UserAccessJwtEvents.OnTokenValidated };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(PortalSchemes.ApiKey, null)
            .AddIdentityCookies();
        // The key is resolved when the options are first built (after start-up migrated the database that may hold it).
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SymmetricSecurityKey>((o, key) => o.TokenValidationParameters.IssuerSigningKey = key);

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "portal.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.SlidingExpiration = true;
            // Every request: a disabled or demoted user is signed out at once (checked in memory, as tokens are).
            o.Events.OnValidatePrincipal = UserAccessCookieEvents.ThenValidate(o.Events.OnValidatePrincipal);
        });
        // Then, at this interval, the cookie's security stamp against the database (password resets; a missed fleet announcement).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddIdentityCore<PortalUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                // No per-account lockout (anyone could lock the admin out): sign-ins go through PasswordCheck,
                // which locks an account per client address with backoff (SignInThrottle).
                o.Lockout.AllowedForNewUsers = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddDefaultTokenProviders();

        services.AddAuthorization(Policies.Add);
        services.AddCascadingAuthenticationState();
        // Open circuits re-check their user every second in memory and every minute against the database (disabled, demoted or password reset: signed out).
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>();
        return builder;
    }
}
