using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Gates;
using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>Keys and approvals stored before keys had owners get them: a key created with a key belongs to that key's owner.</summary>
public sealed class KeyOwnerMigrationTests : IAsyncDisposable
{
    private const string BeforeOwners = "20261122222500_OneTreePredictionLog";
    private readonly MigratingDatabase _db = new();

    [Fact]
    public async Task Migrate_KeysAndApprovals_GetTheirPerson()
    {
        await _db.MigrateToAsync(BeforeOwners);

        // Times as the old schema held them: through EF Core's binary converter, in minutes after a start.
        var toBinary = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();
        long T(int minutes) => toBinary(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(minutes));
        await _db.ExecuteAsync($"""
            INSERT INTO ApiKeys (Id, Name, Role, Hash, Prefix, CreatedAt, CreatedBy) VALUES
              (1, 'first', 'Admin', 'h1', 'pk_1', {T(1)}, 'alice'),
              (2, 'second', 'Admin', 'h2', 'pk_2', {T(2)}, 'key:first'),
              (3, 'third', 'Admin', 'h3', 'pk_3', {T(3)}, 'key:second'),
              (4, 'orphan', 'Admin', 'h4', 'pk_4', {T(4)}, 'key:ghost');
            INSERT INTO Models (Id, Name, CreatedAt, UpdatedAt) VALUES (1, 'm', {T(0)}, {T(0)});
            INSERT INTO VersionApprovals (ModelId, Version, ApprovedBy, At) VALUES (1, 1, 'bob', {T(10)}), (1, 1, 'key:third', {T(11)}), (1, 1, 'key:ghost', {T(12)});
            """);

        await _db.MigrateToLatestAsync();

        var owners = (await _db.Services.GetRequiredService<IApiKeyStore>().ListAsync()).ToDictionary(k => k.Name, k => k.Owner);
        Assert.Equal(new Dictionary<string, string> { ["first"] = "alice", ["second"] = "alice", ["third"] = "alice", ["orphan"] = "" }, owners);
        var approvals = await _db.Services.GetRequiredService<IGateStore>().ListApprovalsAsync("m", 1);
        Assert.Equal([("bob", null), ("alice", "third"), ("", "ghost")], approvals.Select(a => (a.Person, a.ViaKey)).ToArray());
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
