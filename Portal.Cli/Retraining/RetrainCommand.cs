using System.CommandLine;
using Portal.Cli.Http;

namespace Portal.Cli.Retraining;

/// <summary>`portal retrain MODEL [--urgent]`: starts the model's retrain pipeline now (seed 002's retrain-model.sh); exit 1 when one is already running.</summary>
internal static class RetrainCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = new Argument<string>("MODEL") { Description = "The model to retrain with its retrain policy." };
        var urgent = new Option<bool>("--urgent") { Description = "Skip the policy's minimum interval since the last retrain." };
        var reason = new Option<string>("--reason") { Description = "Why (kept with the pipeline).", HelpName = "R" };
        var command = new Command("retrain", "Start a retrain pipeline now: train on the policy's data, gate, then promote or roll out as the policy says.") { model, urgent, reason };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var name = parse.GetValue(model)!;
            var reply = await session.PostJsonAsync($"api/models/{PortalSession.Escape(name)}/retrain",
                new { reason = parse.GetValue(reason), urgent = parse.GetValue(urgent) }, ct);
            if (session.Json)
            {
                session.PrintJson(reply);
                return ExitCodes.Ok;
            }

            var id = JsonFields.Text(reply.Root, "pipelineId");
            await session.Out.WriteLineAsync($"Retrain pipeline {id} for {name}: {JsonFields.Text(reply.Root, "status")}. Follow it at /api/retraining/pipelines/{id}.");
            return ExitCodes.Ok;
        });
    }
}
