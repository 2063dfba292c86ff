using Portal.Core.Auth;
using Portal.Core.Fleet;
using Portal.Core.Serving;
using Portal.Web.Auth;

namespace Portal.Web.Fleet;

/// <summary>
/// Applies another replica's change here: what serves for the model is reconciled with the registry; a revoked key or
/// a changed user is dropped from the in-memory caches, so the next request reads the database. The reconcile pass
/// also re-reads the cached users, so a missed user change is enforced (tokens and cookies) within one pass.
/// </summary>
public sealed class FleetSyncApplier(ServingReconciler reconciler, ModelServer server, ApiKeyService apiKeys, UserAccessCache users, ILogger<FleetSyncApplier> logger)
{
    public async Task ApplyAsync(RegistryChange change, CancellationToken ct)
    {
        switch (change.Kind)
        {
            case RegistryChangeKinds.ApiKeyRevoked:
                apiKeys.ForgetCached();
                break;
            case RegistryChangeKinds.Preload when change is { Model: { } preloaded, Version: { } version }:
                // Loads and keeps the engine (as a pinned call would) while the other replica loads its own; the move swaps it in.
                var outcome = server.Find(preloaded, null, version);
                if (outcome.Value is null) logger.LogInformation("Fleet: could not preload {Model} v{Version}: {Reason}", preloaded, version, outcome.Message);
                break;
            case RegistryChangeKinds.UserChanged when change.User is { } user:
                users.Forget(user);
                break;
            case var kind when RegistryChangeKinds.ChangesServing(kind) && change.Model is { } model:
                foreach (var what in await reconciler.ReconcileAsync(model, reload: kind == RegistryChangeKinds.Reload, ct))
                    logger.LogInformation("Fleet: {Change} after another replica's {Kind}", what, kind);
                break;
        }
    }

    /// <summary>The fallback pass: every model compared with the registry, every cached user's access re-read and revoked keys dropped.</summary>
    public async Task ReconcileAllAsync(string why, CancellationToken ct)
    {
        foreach (var what in await reconciler.ReconcileAllAsync(ct))
            logger.LogInformation("Fleet: {Change} ({Why})", what, why);
        await users.RefreshAsync(ct);
        await apiKeys.ForgetRevokedAsync(ct);
    }
}
