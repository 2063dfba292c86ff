using System.Data.Common;
using System.Net.Sockets;

namespace Portal.Web.Background;

/// <summary>Tells a database that cannot be reached (worth waiting for) from a query it refused (not worth repeating).</summary>
public static class DatabaseFaults
{
    /// <summary>
    /// True when <paramref name="ex"/> (or an exception inside it) says the server is away or busy: a refused or broken
    /// connection, a timeout, or an error the provider marks transient (Npgsql's and SQLite's <see cref="DbException.IsTransient"/>).
    /// </summary>
    public static bool IsUnreachable(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is DbException { IsTransient: true } or SocketException or TimeoutException) return true;
            // Npgsql reports a refused connection as a non-transient NpgsqlException around a SocketException; 57P0x is
            // "the server is shutting down / starting up", 3D000 a database not created yet.
            if (e is DbException { SqlState: "57P01" or "57P02" or "57P03" or "3D000" or "08000" or "08001" or "08003" or "08006" }) return true;
        }

        return false;
    }

    /// <summary>
    /// The provider's own message (e.g. "Failed to connect to host:5432") with the innermost cause ("Connection refused"),
    /// without EF's wrapper text or a stack.
    /// </summary>
    public static string Reason(Exception ex)
    {
        var outer = ex;
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is DbException) { outer = e; break; }
        var inner = outer;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return inner == outer || inner.Message.Length == 0 ? outer.Message : $"{outer.Message} ({inner.Message})";
    }
}
