using System.CommandLine;

namespace Portal.Cli;

/// <summary>Every `portal` command; each capability adds its own from its folder.</summary>
internal static class CliCommands
{
    public static IEnumerable<Command> All(CliEnvironment environment)
    {
        return
        [
            Backup.BackupCommand.Create(environment),
            Backup.RestoreCommand.Create(environment),
        ];
    }
}
