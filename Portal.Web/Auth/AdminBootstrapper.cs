using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core.Auth;
using Portal.Data.Entities;
using Portal.Web.Extensions;

namespace Portal.Web.Auth;

/// <summary>Creates the roles and, on a fresh database, the first admin.</summary>
public sealed class AdminBootstrapper(
    UserManager<PortalUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<PortalOptions> options,
    TimeProvider time,
    ILogger<AdminBootstrapper> logger)
{
    public async Task EnsureAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");

        var bootstrap = options.Value.Bootstrap;
        if (await users.FindByNameAsync(bootstrap.AdminUser) is not null) return;

        var password = bootstrap.AdminPassword;
        var generated = string.IsNullOrEmpty(password);
        if (generated) password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
        var admin = new PortalUser { UserName = bootstrap.AdminUser, CreatedAt = time.GetUtcNow() };
        Check(await users.CreateAsync(admin, password!), $"create the admin user '{bootstrap.AdminUser}'");
        Check(await users.AddToRoleAsync(admin, Roles.Admin), "make the admin an Admin");
        if (generated)
            logger.LogWarning("Created the admin user '{User}' with the generated password {Password} - it is shown only this once; change it or set Portal:Bootstrap:AdminPassword.", bootstrap.AdminUser, password);
        else
            logger.LogInformation("Created the admin user '{User}' with the password from Portal:Bootstrap:AdminPassword.", bootstrap.AdminUser);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
