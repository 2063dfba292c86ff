using Portal.Web.Auth;
using Portal.Web.Extensions;

namespace Portal.Tests.Web;

public sealed class JwtSigningKeyTests
{
    private static PortalPaths PathsIn(string folder) => new() { Home = folder, DataPath = folder, ModelsPath = folder, ConnectionString = "" };

    [Fact]
    public void Load_NoConfiguredKey_GeneratesOneOwnerOnlyFileAndReusesIt()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "portal-jwt", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var paths = PathsIn(folder);
            var first = JwtSigningKey.Load(null, paths);
            var second = JwtSigningKey.Load(null, paths);

            Assert.Equal(64, first.Key.Length);
            Assert.Equal(first.Key, second.Key);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.JwtKeyFile));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_ConfiguredKeyTooShort_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => JwtSigningKey.Load("short", PathsIn(Path.GetTempPath())));
        Assert.Contains("32 bytes", error.Message);
    }
}
