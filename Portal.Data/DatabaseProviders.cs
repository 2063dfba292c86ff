namespace Portal.Data;

/// <summary>The names <see cref="DatabaseProvider"/> is configured by.</summary>
public static class DatabaseProviders
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>The assembly that holds the PostgreSQL migrations (Portal.Data's own are SQLite's).</summary>
    public const string PostgresMigrationsAssembly = "Portal.Data.Postgres";

    /// <summary>Reads a configured name (case-insensitive); empty means the default, SQLite.</summary>
    public static bool TryParse(string? name, out DatabaseProvider provider)
    {
        provider = DatabaseProvider.Sqlite;
        if (string.IsNullOrWhiteSpace(name) || string.Equals(name.Trim(), Sqlite, StringComparison.OrdinalIgnoreCase)) return true;
        if (!string.Equals(name.Trim(), Postgres, StringComparison.OrdinalIgnoreCase)) return false;
        provider = DatabaseProvider.Postgres;
        return true;
    }
}
