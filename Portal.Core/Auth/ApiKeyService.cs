using System.Collections.Concurrent;
using System.Security.Cryptography;
using Portal.Core.Audit;
using Portal.Core.Common;

namespace Portal.Core.Auth;

/// <summary>
/// Creates, lists, revokes and checks API keys. Keys are 256-bit random strings shown once; only their
/// SHA-256 is stored. Checks are served from memory after the first look-up so the predict path does
/// not wait for the database; revoking clears the cache at once. Creating and revoking are written to
/// the audit log (the key's name, id, role and prefix, never the key).
/// </summary>
public sealed class ApiKeyService(IApiKeyStore store, IAuditLog audit, TimeProvider time, Fleet.IRegistryChangeAnnouncer? changes = null)
{
    public const string KeyPrefix = "pk_";
    private readonly ConcurrentDictionary<string, ApiKeyInfo?> _byHash = new(StringComparer.Ordinal);

    /// <summary>Creates a key owned by the person <paramref name="createdBy"/> (signed in on a page).</summary>
    public Task<(ApiKeyInfo Info, string Key)> CreateAsync(string name, string role, string createdBy, CancellationToken ct = default) =>
        CreateAsync(name, role, new Actor(createdBy), ct);

    /// <summary>Creates a key owned by the acting person; a key created with a key belongs to that key's owner.</summary>
    public async Task<(ApiKeyInfo Info, string Key)> CreateAsync(string name, string role, Actor createdBy, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A key needs a name.", nameof(name));
        if (!Roles.IsKnown(role)) throw new ArgumentException($"Unknown role '{role}'; use one of {string.Join(", ", Roles.All)}.", nameof(role));
        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var info = await store.AddAsync(name.Trim(), role, Sha256Hex.Of(key), key[..10], createdBy, time.GetUtcNow(), ct);
        await audit.RecordAsync(createdBy.Name, AuditActions.KeyCreated, info.Name, new { info.Id, info.Role, info.Prefix, info.Owner }, ct);
        return (info, key);
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken ct = default) => store.ListAsync(ct);

    /// <summary>Revokes an active key; false when there is no such active key.</summary>
    public async Task<bool> RevokeAsync(int id, string revokedBy, CancellationToken ct = default)
    {
        var revoked = await store.RevokeAsync(id, time.GetUtcNow(), ct);
        if (!revoked) return false;
        _byHash.Clear();
        var info = (await store.ListAsync(ct)).FirstOrDefault(k => k.Id == id);
        await audit.RecordAsync(revokedBy, AuditActions.KeyRevoked, info?.Name ?? $"#{id}", new { Id = id, info?.Role, info?.Prefix }, ct);
        if (changes is not null) await changes.AnnounceAsync(new Fleet.RegistryChange(Fleet.RegistryChangeKinds.ApiKeyRevoked, Key: id), CancellationToken.None);
        return true;
    }

    /// <summary>Forgets every cached key, so the next check of each reads the store (a key was revoked by another replica).</summary>
    public void ForgetCached() => _byHash.Clear();

    /// <summary>
    /// Drops the cached keys that are no longer active in the store: the fleet's reconcile pass, for a revocation whose
    /// announcement this replica missed. One read of the key list; the keys still active stay cached, so checks keep
    /// being answered from memory (also while the database is away: then this throws and nothing changes).
    /// </summary>
    public async Task ForgetRevokedAsync(CancellationToken ct = default)
    {
        if (_byHash.IsEmpty) return;
        var active = (await store.ListAsync(ct)).Where(k => k.IsActive).Select(k => k.Id).ToHashSet();
        foreach (var (hash, info) in _byHash)
            if (info is null || !active.Contains(info.Id)) _byHash.TryRemove(hash, out _);
    }

    /// <summary>The active key matching <paramref name="key"/>, or null.</summary>
    public async ValueTask<ApiKeyInfo?> AuthenticateAsync(string key, CancellationToken ct = default)
    {
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Length > 100) return null;
        var hash = Sha256Hex.Of(key);
        if (_byHash.TryGetValue(hash, out var cached)) return cached;
        var found = await store.FindActiveByHashAsync(hash, ct);
        // Unknown keys are not cached: a flood of random keys must not grow memory.
        if (found is not null) _byHash[hash] = found;
        return found;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
