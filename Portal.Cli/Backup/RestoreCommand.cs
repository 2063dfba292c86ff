using System.CommandLine;
using Portal.Core.Backup;
using Portal.Data.Backup;

namespace Portal.Cli.Backup;

/// <summary>
/// `portal restore FILE --data DIR [--models DIR]`: into empty (or new) folders only; every file is checked against the
/// manifest in a temporary folder beside DIR before anything reaches its place, so a refused archive writes nothing.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var file = new Argument<FileInfo>("file") { Description = "The backup archive (.tar.gz) from `portal backup` or POST /api/admin/backup." };
        var data = new Option<DirectoryInfo>("--data") { Description = "The data folder to restore into: empty or new.", Required = true };
        var models = new Option<DirectoryInfo>("--models") { Description = "The artefact store to restore into (empty or new); default: DATA/models." };
        var command = new Command("restore", "Restore a backup into an empty data folder after checking every file's SHA-256.") { file, data, models };
        command.SetAction(async (result, ct) =>
        {
            var archive = result.GetValue(file)!;
            var dataPath = result.GetValue(data)!.FullName;
            var modelsPath = result.GetValue(models)?.FullName ?? Path.Combine(dataPath, "models");
            if (!archive.Exists) return await BackupCommand.UsageAsync(environment, $"There is no backup file at {archive.FullName}.");
            try
            {
                await using var stream = new FileStream(archive.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, FileOptions.Asynchronous | FileOptions.SequentialScan);
                var manifest = await new BackupRestorer(SqliteBackupDatabase.Known).RestoreAsync(stream, new BackupFolders(dataPath, modelsPath), ct);
                await environment.Out.WriteLineAsync(
                    $"Restored {manifest.Files.Count} files (Portal {manifest.PortalVersion}, migration {manifest.MigrationId}, taken {manifest.CreatedAt:u}) into {dataPath}; models in {modelsPath}.");
                await environment.Out.WriteLineAsync($"Start the portal with Portal__DataPath={dataPath} and Portal__ModelsPath={modelsPath}.");
                return ExitCodes.Ok;
            }
            catch (BackupRefusedException ex)
            {
                return await BackupCommand.RefusedAsync(environment, $"Restore refused: {ex.Message}");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return await BackupCommand.RefusedAsync(environment, $"The restore failed: {ex.Message}");
            }
        });
        return command;
    }
}
