using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Portal.Web.Extensions;

namespace Portal.Web.Auth;

/// <summary>
/// The JWT signing key: from <c>Portal:Jwt:SigningKey</c> when set, otherwise generated once and kept in
/// the data folder (never in appsettings), readable by the owner only.
/// </summary>
public static class JwtSigningKey
{
    public static SymmetricSecurityKey Load(string? configured, PortalPaths paths)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            var bytes = Encoding.UTF8.GetBytes(configured);
            if (bytes.Length < 32) throw new InvalidOperationException("Portal:Jwt:SigningKey must be at least 32 bytes long.");
            return new SymmetricSecurityKey(bytes);
        }

        var file = paths.JwtKeyFile;
        if (!File.Exists(file))
        {
            var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
            try
            {
                using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
                using var writer = new StreamWriter(stream);
                writer.Write(generated);
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another process created it first: use theirs.
            }

            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(file).Trim()));
    }
}
