namespace Portal.Data;

/// <summary>The database engine behind the stores (Portal:Database:Provider): SQLite by default, PostgreSQL for a fleet.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
