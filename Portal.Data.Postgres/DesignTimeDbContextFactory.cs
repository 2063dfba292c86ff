using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Data.Postgres;

/// <summary>
/// Lets `dotnet ef migrations add NAME --project Portal.Data.Postgres --startup-project Portal.Data.Postgres` build
/// the context on Npgsql without a server: adding a migration only compares the model with the snapshot.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PortalDbContext>()
            .UseNpgsql("Host=localhost;Database=portal_design", n => n.MigrationsAssembly(DatabaseProviders.PostgresMigrationsAssembly))
            .Options);
}
