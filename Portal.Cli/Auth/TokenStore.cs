using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Cli.Auth;

/// <summary>
/// The bearer tokens 'portal login' obtained, one per portal address, in credentials.json in the user's config folder
/// (the folder 0700, the file 0600 on Unix: it holds a credential). An expired token is not used.
/// </summary>
internal sealed class TokenStore(string? directory, TimeProvider clock)
{
    private const string FileName = "credentials.json";

    public static TokenStore For(CliEnvironment environment) => new(environment.ConfigDirectory ?? DefaultDirectory(), environment.Clock);

    public string? FilePath => directory is null ? null : Path.Combine(directory, FileName);

    public string? Read(Uri portal)
    {
        var entry = Load()?[Key(portal)];
        if (entry?["token"]?.GetValue<string>() is not { Length: > 0 } token) return null;
        var expires = entry["expiresAt"]?.GetValue<DateTimeOffset>();
        return expires is { } at && at <= clock.GetUtcNow() ? null : token;
    }

    public void Save(Uri portal, string token, int expiresInSeconds)
    {
        var path = FilePath ?? throw new InvalidOperationException("No config folder: set HOME or XDG_CONFIG_HOME.");
        var all = Load() ?? new JsonObject();
        all[Key(portal)] = new JsonObject { ["token"] = token, ["expiresAt"] = clock.GetUtcNow().AddSeconds(expiresInSeconds) };
        Write(path, all);
    }

    /// <summary>Forgets the token of <paramref name="portal"/>; false when there was none.</summary>
    public bool Remove(Uri portal)
    {
        if (FilePath is not { } path || Load() is not { } all || !all.Remove(Key(portal))) return false;
        Write(path, all);
        return true;
    }

    private static string Key(Uri portal) => portal.GetLeftPart(UriPartial.Path).TrimEnd('/');

    private JsonObject? Load()
    {
        if (FilePath is not { } path || !File.Exists(path)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException)
        {
            return null; // A damaged file is replaced at the next login.
        }
    }

    private static void Write(string path, JsonObject all)
    {
        var folder = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // Written beside and moved over, so a reader never sees half a file; created 0600 before any byte is in it.
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(all.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string? DefaultDirectory()
    {
        // DoNotVerify: on a first login ~/.config (or $XDG_CONFIG_HOME) may not exist yet; it is created then.
        var config = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(config) ? null : Path.Combine(config, "portal");
    }
}
