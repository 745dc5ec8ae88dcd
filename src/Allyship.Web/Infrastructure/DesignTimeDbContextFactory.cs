using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Allyship.Web.Infrastructure;

/// <summary>Lets `dotnet ef migrations add` build the context without starting the app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AllyshipDbContext>
{
    public AllyshipDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AllyshipDbContext>().UseSqlite("Data Source=design-time.db").Options, TimeProvider.System);
}
