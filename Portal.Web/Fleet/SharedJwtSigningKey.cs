using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Web.Fleet;

/// <summary>
/// The JWT signing key of a fleet without <c>Portal:Jwt:SigningKey</c>: generated once and kept in <c>SharedSecrets</c>,
/// so a token one replica issues is valid on every other. Two replicas starting together both try to insert it; the
/// primary key lets one win and the other reads the winner's. Read on first use, after the database is migrated.
/// </summary>
public static class SharedJwtSigningKey
{
    public const string SecretName = "jwt-signing-key";

    public static SymmetricSecurityKey Load(IDbContextFactory<PortalDbContext> factory, TimeProvider time)
    {
        if (Read(factory) is { } existing) return existing;
        try
        {
            using var db = factory.CreateDbContext();
            db.SharedSecrets.Add(new SharedSecretEntity
            {
                Name = SecretName, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)), CreatedAt = time.GetUtcNow(),
            });
            db.SaveChanges();
        }
        catch (DbUpdateException)
        {
            // Another replica inserted it first: theirs is read below.
        }

        return Read(factory) ?? throw new InvalidOperationException($"The shared secret '{SecretName}' could not be stored or read.");
    }

    private static SymmetricSecurityKey? Read(IDbContextFactory<PortalDbContext> factory)
    {
        using var db = factory.CreateDbContext();
        var value = db.SharedSecrets.AsNoTracking().Where(s => s.Name == SecretName).Select(s => s.Value).FirstOrDefault();
        return value is null ? null : new SymmetricSecurityKey(Convert.FromBase64String(value));
    }
}
