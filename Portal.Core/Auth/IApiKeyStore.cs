namespace Portal.Core.Auth;

public interface IApiKeyStore
{
    Task<ApiKeyInfo> AddAsync(string name, string role, string hash, string prefix, Actor createdBy, DateTimeOffset createdAt, CancellationToken ct = default);
    Task<ApiKeyInfo?> FindActiveByHashAsync(string hash, CancellationToken ct = default);
    Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken ct = default);
    /// <summary>Marks the key revoked; false when there is no such active key.</summary>
    Task<bool> RevokeAsync(int id, DateTimeOffset at, CancellationToken ct = default);
}
