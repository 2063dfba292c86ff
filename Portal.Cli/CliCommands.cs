using System.CommandLine;
using Portal.Cli.Auth;
using Portal.Cli.Backup;
using Portal.Cli.Drift;
using Portal.Cli.Exports;
using Portal.Cli.Keys;
using Portal.Cli.Labels;
using Portal.Cli.Ops;
using Portal.Cli.Privacy;
using Portal.Cli.Registry;
using Portal.Cli.Retraining;
using Portal.Cli.Rollouts;
using Portal.Cli.Training;
using Portal.Cli.Validation;

namespace Portal.Cli;

/// <summary>Every `portal` command; each capability adds its own from its folder.</summary>
internal static class CliCommands
{
    public static IEnumerable<Command> All(CliEnvironment environment) =>
    [
        StatusCommand.Create(environment),
        ModelsCommand.Create(environment),
        VersionsCommand.Create(environment),
        PromoteCommand.Create(environment),
        RollbackCommand.Create(environment),
        ReloadCommand.Create(environment),
        GatesCommand.Create(environment),
        TrainCommand.Create(environment),
        RetrainCommand.Create(environment),
        RolloutCommand.Create(environment),
        DriftStatusCommand.Create(environment),
        DriftRunCommand.Create(environment),
        LabelsCommand.Create(environment),
        ExportCommand.Create(environment),
        KeysCommand.Create(environment),
        LoginCommand.Create(environment),
        LoginCommand.Logout(environment),
        BackupCommand.Create(environment),
        RestoreCommand.Create(environment),
        PiiScrubCommand.Create(environment),
        ValidateCommand.Create(environment),
    ];
}
