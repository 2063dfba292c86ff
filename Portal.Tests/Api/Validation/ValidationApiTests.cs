using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Data;

namespace Portal.Tests.Api.Validation;

/// <summary>POST /api/admin/validate on a portal serving a trained champion with recent traffic: every check passes, nothing is left behind.</summary>
public sealed class ValidationApiTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public async Task Validate_HealthyPortal_PassesEveryCheckAndLeavesNothingBehind()
    {
        using var admin = await fixture.Factory.ClientForAsync(Roles.Admin);
        var promoted = await admin.PostAsJsonAsync($"/api/models/{TrainedModelFixture.Model}/versions/1/promote", new { alias = "champion", reason = "validation test" });
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        await LoggedPredictions.AddAsync(fixture.Factory, 40, DateTimeOffset.UtcNow.AddHours(-1));
        var before = await RowCountsAsync();
        var files = Files();

        var response = await admin.PostAsync("/api/admin/validate", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        Assert.All(checks, c => Assert.True(c.Value.GetProperty("outcome").GetString() == "pass", $"{c.Key}: {c.Value}"));
        Assert.Equal("pass", body.GetProperty("verdict").GetString());
        Assert.Equal(
            ["health (live)", "readiness", "database writable", "artefact store writable", "datasets folder writable", $"champion {TrainedModelFixture.Model}",
             "training run", "prediction", "drift run", "metrics endpoint", "anonymous request refused"],
            checks.Keys);
        Assert.Contains($"{TrainedModelFixture.Model} v1", checks[$"champion {TrainedModelFixture.Model}"].GetProperty("detail").GetString());
        Assert.Contains("not stored", checks["drift run"].GetProperty("detail").GetString());
        Assert.True(body.GetProperty("durationMs").GetInt64() >= 0);
        Assert.True(body.TryGetProperty("startedAt", out _));

        // Nothing stays: no registry, dataset, run, drift or prediction row (the audit entry aside), no file.
        var after = await RowCountsAsync();
        Assert.Equal(before.Where(t => t.Key != "AuditEntries"), after.Where(t => t.Key != "AuditEntries"));
        Assert.Equal(before["AuditEntries"] + 1, after["AuditEntries"]);
        Assert.Equal(files, Files());
    }

    [Fact]
    public async Task Validate_IsAudited_WithTheVerdict()
    {
        using var admin = await fixture.Factory.ClientForAsync(Roles.Admin);

        var verdict = (await (await admin.PostAsync("/api/admin/validate", null)).JsonAsync()).GetProperty("verdict").GetString();

        var entries = (await (await admin.GetAsync("/api/audit?action=platform.validated")).JsonAsync()).EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        Assert.Equal(verdict, entries[0].GetProperty("target").GetString());
    }

    [Fact]
    public async Task Checks_ContractPath_RunsTheSameChecks_AdminOnly()
    {
        using var admin = await fixture.Factory.ClientForAsync(Roles.Admin);
        using var scientist = await fixture.Factory.ClientForAsync(Roles.DataScientist);

        var response = await admin.GetAsync("/api/admin/checks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var names = (await response.JsonAsync()).GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["health (live)", "readiness", "database writable", "artefact store writable"], names.Take(4));
        Assert.Contains("anonymous request refused", names);
        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.GetAsync("/api/admin/checks")).StatusCode);
    }

    [Fact]
    public async Task Validate_AsDataScientist_Returns403()
    {
        using var scientist = await fixture.Factory.ClientForAsync(Roles.DataScientist);

        var response = await scientist.PostAsync("/api/admin/validate", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Validate_Anonymous_Returns401()
    {
        using var anonymous = fixture.Factory.CreateClient();

        var response = await anonymous.PostAsync("/api/admin/validate", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Every table's row count, through the app's own connection, so it reads SQLite and PostgreSQL alike.</summary>
    private async Task<Dictionary<string, long>> RowCountsAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = db.Database.IsNpgsql()
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }

        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await count.ExecuteScalarAsync());
        }

        return counts;
    }

    private string[] Files() => Directory.GetFiles(fixture.Factory.Root, "*", SearchOption.AllDirectories)
        .Where(f => !Path.GetFileName(f).StartsWith("portal.db", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal).ToArray();
}
