using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Predictions;

namespace Portal.Tests.Data;

/// <summary>The labels, audit and API-key stores behave the same on both providers: <see cref="Sqlite"/> and <see cref="Postgres"/>.</summary>
public abstract class StoreContractTests
{
    public sealed class Sqlite : StoreContractTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await SqliteDatabase.CreateAsync();
    }

    public sealed class Postgres : StoreContractTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
    }

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<IStoreDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task Labels_upserted_replace_the_earlier_one_and_skip_unknown_predictions()
    {
        await using var db = await CreateDatabaseAsync();
        var prediction = new PredictionRecord(PredictionIds.Next(Start), "m", 1, "champion", "{}", "yes", 0.9, 2, Start);
        await db.Get<IPredictionStore>().AddBatchAsync([prediction]);
        var labels = db.Get<ILabelStore>();

        await labels.UpsertAsync([new LabelRecord(prediction.Id, "no", Start.AddHours(1), "crm", Start.AddHours(2), "alice"), new LabelRecord(Guid.NewGuid(), "yes", null, null, Start, "alice")]);
        await labels.UpsertAsync([new LabelRecord(prediction.Id, "yes", null, "crm", Start.AddHours(3), "bob")]);

        Assert.Equal(new LabelRecord(prediction.Id, "yes", null, "crm", Start.AddHours(3), "bob"), await labels.GetAsync(prediction.Id));
        var page = await db.Get<IPredictionStore>().QueryAsync(new PredictionQuery("m", Labelled: true));
        Assert.Equal("yes", Assert.Single(page.Items).Label?.TrueLabel);
    }

    [Fact]
    public async Task Audit_entries_filter_by_actor_action_target_and_time_newest_first()
    {
        await using var db = await CreateDatabaseAsync();
        var audit = db.Get<IAuditLog>();
        await audit.RecordAsync("alice", "model.promote", "m", new { version = 2 });
        await audit.RecordAsync("bob", "apikey.revoke", "key-1");
        await audit.RecordAsync("alice", "apikey.revoke", "key-2");

        var alice = await audit.QueryAsync(new AuditQuery(Actor: "alice"));
        Assert.Equal(["key-2", "m"], alice.Select(e => e.Target));
        Assert.Contains("\"version\":2", alice[1].Details, StringComparison.Ordinal);
        Assert.Equal(["key-2", "key-1"], (await audit.QueryAsync(new AuditQuery(Action: "apikey.revoke"))).Select(e => e.Target));
        Assert.Empty(await audit.QueryAsync(new AuditQuery(To: DateTimeOffset.UtcNow.AddDays(-1))));
        Assert.Equal(3, (await audit.QueryAsync(new AuditQuery(From: DateTimeOffset.UtcNow.AddHours(-1)))).Count);
    }

    [Fact]
    public async Task Api_keys_are_found_by_hash_while_active_and_revoked_once()
    {
        await using var db = await CreateDatabaseAsync();
        var keys = db.Get<IApiKeyStore>();
        var added = await keys.AddAsync("ci", Roles.DataScientist, "hash-1", "pk_abc", new Actor("alice", "deploy"), Start);

        Assert.Equal(added, await keys.FindActiveByHashAsync("hash-1"));
        Assert.Equal("alice", added.Owner);
        Assert.Equal("key:deploy", added.CreatedBy);
        Assert.Null(await keys.FindActiveByHashAsync("hash-2"));
        Assert.True(await keys.RevokeAsync(added.Id, Start.AddDays(1)));
        Assert.False(await keys.RevokeAsync(added.Id, Start.AddDays(2)));
        Assert.Null(await keys.FindActiveByHashAsync("hash-1"));
        Assert.Equal(Start.AddDays(1), Assert.Single(await keys.ListAsync()).RevokedAt);
    }
}
