using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Allyship.Web.Infrastructure;

/// <summary>Lets `dotnet ef migrations add` build the context without starting the app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AllyshipDbContext>
{
    public AllyshipDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AllyshipDbContext>().UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(DataSetup.SqliteMigrations)).Options);
}

/// <summary>`dotnet ef migrations add X --project src/Allyship.Migrations.Postgres --startup-project src/Allyship.Web --context PostgresDbContext` (no server needed).</summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresDbContext>
{
    public PostgresDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql("Host=localhost;Database=allyship_design", o => o.MigrationsAssembly(DataSetup.PostgresMigrations)).Options);
}
