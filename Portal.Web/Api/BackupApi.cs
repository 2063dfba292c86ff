using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Audit;
using Portal.Core.Backup;
using Portal.Data;
using Portal.Web.Auth;
using Portal.Web.Extensions;

namespace Portal.Web.Api;

/// <summary>
/// POST /api/admin/backup: a consistent snapshot of the running portal (database, artefacts, datasets, keys) streamed as
/// a tar.gz with its manifest first. The snapshot is taken before the response starts, so a failure is a ProblemDetails,
/// not a cut-off download.
/// </summary>
public static class BackupApi
{
    public const string ContentType = "application/gzip";

    public static RouteGroupBuilder MapBackupApi(this RouteGroupBuilder api)
    {
        api.MapPost("/admin/backup", Backup).RequireAuthorization(Policies.Admin).WithTags("Admin").WithName("Backup")
            .WithSummary("A consistent backup of the running portal as a tar.gz (manifest.json, db/portal.db, models/, datasets/, keys/); restore it with `portal restore`.")
            .Produces<Stream>(StatusCodes.Status200OK, ContentType).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> Backup(
        PortalPaths paths, Microsoft.Extensions.Options.IOptions<ArtefactOptions> artefacts, IServiceProvider services, IAuditLog audit, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        if (paths.Provider != DatabaseProvider.Sqlite)
            return ApiProblems.Conflict("Portal's backup copies a SQLite file: on PostgreSQL, back up the database with pg_dump and the models and datasets folders as files.");
        if (artefacts.Value.IsS3)
            return ApiProblems.Conflict("Portal's backup copies the models and datasets folders: with Portal:Artefacts:Store = s3 they are in the bucket, so back up the bucket with the S3 service's own tools (versioning, replication, aws s3 sync) and the database as usual.");
        var backups = services.GetRequiredService<BackupService>();
        var snapshot = await backups.TakeAsync(ct);
        // Disposed with the response, also when the client goes away before the stream starts: the database copy is removed.
        http.Response.RegisterForDisposeAsync(snapshot);
        var manifest = snapshot.Manifest;
        await audit.RecordAsync(UserNames.Of(user), AuditActions.BackupTaken, snapshot.FileName,
            new { files = manifest.Files.Count, bytes = manifest.Files.Sum(f => f.Size), migration = manifest.MigrationId }, ct);
        return TypedResults.Stream(body => snapshot.WriteAsync(body, ct), ContentType, snapshot.FileName);
    }
}
