using System.CommandLine;
using System.Net;
using Portal.Core.Backup;
using Portal.Data.Backup;

namespace Portal.Cli.Backup;

/// <summary>
/// `portal backup --data DIR [--models DIR] --to FILE.tar.gz`: a consistent backup read straight from the folders (the
/// portal may be running: SQLite copies its own snapshot); or, without --data, `portal backup --to FILE` downloads one
/// from the running portal's POST /api/admin/backup (PORTAL_URL or --url, with an Admin's PORTAL_API_KEY).
/// </summary>
internal static class BackupCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The portal's data folder (portal.db, datasets/, keys/). Without it the backup is downloaded from the portal's API." };
        var models = new Option<DirectoryInfo>("--models") { Description = "The artefact store (Portal:ModelsPath); default: DATA/models." };
        var to = new Option<FileInfo>("--to") { Description = "The archive to write (.tar.gz); replaced when whole.", Required = true };
        var url = new Option<string>("--url") { Description = "The portal to download the backup from; default: PORTAL_URL." };
        var command = new Command("backup", "Back up the database, artefacts, datasets and keys into one tar.gz with a manifest of SHA-256s.") { data, models, to, url };
        command.SetAction(async (result, ct) =>
        {
            var target = result.GetValue(to)!;
            if (result.GetValue(data) is { } folder)
            {
                if (result.GetValue(url) is not null)
                    return await UsageAsync(environment, "Give either --data (a local backup) or --url (a download from the portal), not both.");
                return await LocalAsync(environment, folder, result.GetValue(models), target, ct);
            }

            if (result.GetValue(models) is not null) return await UsageAsync(environment, "--models goes with --data: a download takes the portal's own artefact store.");
            return await DownloadAsync(environment, result.GetValue(url) ?? environment.Url, target, ct);
        });
        return command;
    }

    private static async Task<int> LocalAsync(CliEnvironment environment, DirectoryInfo data, DirectoryInfo? models, FileInfo to, CancellationToken ct)
    {
        var modelsPath = models?.FullName ?? Path.Combine(data.FullName, "models");
        if (!Directory.Exists(data.FullName)) return await UsageAsync(environment, $"The data folder {data.FullName} does not exist.");
        if (!Directory.Exists(modelsPath))
            return await UsageAsync(environment, $"There is no artefact store at {modelsPath}: name it with --models (the portal's Portal:ModelsPath).");

        var folders = new BackupFolders(data.FullName, modelsPath);
        var service = new BackupService(new SqliteBackupDatabase($"Data Source={folders.DatabaseFile}"), folders, TimeProvider.System);
        try
        {
            var manifest = await service.WriteToFileAsync(to.FullName, ct);
            await environment.Out.WriteLineAsync(
                $"Backed up {manifest.Files.Count} files ({Megabytes(manifest.Files.Sum(f => f.Size))} MB, migration {manifest.MigrationId}) to {to.FullName}.");
            return ExitCodes.Ok;
        }
        catch (BackupRefusedException ex)
        {
            return await RefusedAsync(environment, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            return await RefusedAsync(environment, $"The backup failed: {ex.Message}");
        }
    }

    private static async Task<int> DownloadAsync(CliEnvironment environment, string? url, FileInfo to, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var baseUri))
            return await UsageAsync(environment, "Give --data DIR for a local backup, or the portal's address (--url or PORTAL_URL) to download one.");
        using var http = environment.Handler is null ? new HttpClient() : new HttpClient(environment.Handler, disposeHandler: false);
        http.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "/api/admin/backup"));
        if (environment.ApiKey is { Length: > 0 } key) request.Headers.Add("X-Api-Key", key);
        var temp = to.FullName + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                await environment.Error.WriteLineAsync($"The portal at {baseUri} refused the backup ({(int)response.StatusCode}): it needs an Admin's PORTAL_API_KEY.");
                return ExitCodes.Unreachable;
            }

            if (!response.IsSuccessStatusCode)
                return await RefusedAsync(environment, $"The portal answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81_920, FileOptions.Asynchronous))
                await response.Content.CopyToAsync(file, ct);
            File.Move(temp, to.FullName, overwrite: true);
            await environment.Out.WriteLineAsync($"Downloaded the backup ({Megabytes(to.Length)} MB) to {to.FullName}.");
            return ExitCodes.Ok;
        }
        catch (HttpRequestException ex)
        {
            await environment.Error.WriteLineAsync($"The portal at {baseUri} cannot be reached: {ex.Message}");
            return ExitCodes.Unreachable;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static string Megabytes(long bytes) => (bytes / 1024d / 1024d).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    internal static async Task<int> UsageAsync(CliEnvironment environment, string message)
    {
        await environment.Error.WriteLineAsync(message);
        return ExitCodes.Usage;
    }

    internal static async Task<int> RefusedAsync(CliEnvironment environment, string message)
    {
        await environment.Error.WriteLineAsync(message);
        return ExitCodes.Refused;
    }
}
