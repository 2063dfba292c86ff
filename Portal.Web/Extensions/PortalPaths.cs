using Microsoft.Data.Sqlite;
using Portal.Data;

namespace Portal.Web.Extensions;

/// <summary>
/// Where things are on disk. Home is the folder holding Portal.sln (so `dotnet run --project Portal.Web`
/// from a clone finds the top-level appsettings.json, samples/ and models/), or the app's own folder when
/// the portal runs published (publish ships appsettings.json, samples/ and models/ there).
/// </summary>
public sealed class PortalPaths
{
    public const string DatabaseFileName = "portal.db";

    public required string Home { get; init; }
    public required string DataPath { get; init; }
    public required string ModelsPath { get; init; }
    public required string ConnectionString { get; init; }

    /// <summary>The engine <see cref="ConnectionString"/> is for (Portal:Database:Provider).</summary>
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;
    public string DatasetsPath => Path.Combine(DataPath, "datasets");
    public string JwtKeyFile => Path.Combine(DataPath, "jwt-signing.key");

    /// <summary>The SQLite file the connection string names (what a backup copies); PostgreSQL has none (pg_dump backs it up).</summary>
    public string DatabaseFile => Provider == DatabaseProvider.Sqlite
        ? new SqliteConnectionStringBuilder(ConnectionString).DataSource
        : throw new InvalidOperationException("Portal's backup copies a SQLite file: back up a PostgreSQL database with pg_dump.");

    public string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(Home, path));

    /// <summary>
    /// The paths on PostgreSQL (null on SQLite): the connection string is required and taken as it is, and the data folder
    /// (datasets, keys) is Portal:DataPath or data/. Throws, naming the key, for a provider that is neither.
    /// </summary>
    private static PortalPaths? FromPostgres(IConfigurationSection options, string? connection, string home, Func<string, string> resolve)
    {
        var key = $"{PortalOptions.Section}:Database:Provider";
        if (!DatabaseProviders.TryParse(options["Database:Provider"], out var provider))
            throw new InvalidOperationException($"{key}: '{options["Database:Provider"]}' is not a database provider; use {DatabaseProviders.Sqlite} (the default) or {DatabaseProviders.Postgres}.");
        if (provider != DatabaseProvider.Postgres) return null;
        if (string.IsNullOrWhiteSpace(connection))
            throw new InvalidOperationException($"ConnectionStrings:Portal: a PostgreSQL connection string is required when {key} is {DatabaseProviders.Postgres}.");

        var dataPath = resolve(options["DataPath"] is { Length: > 0 } configured ? configured : "data");
        Directory.CreateDirectory(dataPath);
        return new PortalPaths
        {
            Home = home,
            DataPath = dataPath,
            ModelsPath = resolve(options["ModelsPath"] is { Length: > 0 } models ? models : "models"),
            ConnectionString = connection,
            Provider = DatabaseProvider.Postgres,
        };
    }

    public static string FindHome(params string[] starts)
    {
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
        }

        return starts[0];
    }

    /// <summary>Fills the defaults: the data folder is the database's folder when a connection string is given.</summary>
    public static PortalPaths From(IConfiguration configuration, string home)
    {
        string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(home, path));
        var options = configuration.GetSection(PortalOptions.Section);
        var connection = configuration.GetConnectionString("Portal");
        if (FromPostgres(options, connection, home, Resolve) is { } postgres) return postgres;
        string dataPath;
        if (options["DataPath"] is { Length: > 0 } configured)
        {
            dataPath = Resolve(configured);
        }
        else if (!string.IsNullOrWhiteSpace(connection) && new SqliteConnectionStringBuilder(connection).DataSource is { Length: > 0 } source && source != ":memory:")
        {
            dataPath = Path.GetDirectoryName(Resolve(source))!;
        }
        else
        {
            dataPath = Resolve("data");
        }

        if (string.IsNullOrWhiteSpace(connection))
        {
            connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataPath, DatabaseFileName) }.ToString();
        }
        else
        {
            // A relative SQLite file is taken from home like every other path, not from the working directory.
            var builder = new SqliteConnectionStringBuilder(connection);
            if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && !Path.IsPathRooted(source)) builder.DataSource = Resolve(source);
            connection = builder.ToString();
        }

        Directory.CreateDirectory(dataPath);
        return new PortalPaths
        {
            Home = home,
            DataPath = dataPath,
            ModelsPath = Resolve(options["ModelsPath"] is { Length: > 0 } models ? models : "models"),
            ConnectionString = connection,
        };
    }
}
