using Allyship.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Infrastructure;

/// <summary>
/// Notices when the SQLite file this instance serves from is deleted or replaced under it. Pooled connections keep
/// writing to the file they opened, so without this a deleted database "accepts" writes that vanish. The check opens
/// the path afresh (no pool, never creating a file) and compares the identity token the database was created with;
/// it is cached for two seconds. Readiness reports it, and forms are refused with a 503 page while it lasts.
/// A copy of the same database put in its place is not noticed: `restore`, which refuses while the app runs, is the way.
/// </summary>
public sealed class DatabaseFile(IConfiguration configuration, IHostEnvironment environment, TimeProvider clock, ILogger<DatabaseFile> log)
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private string? _path;
    private string? _token;
    private (DateTimeOffset At, string? Problem)? _last;

    /// <summary>Forms (anything but GET and HEAD) are refused with the 503 page while the database file is not the app's.</summary>
    public static IApplicationBuilder UseDatabaseFileGuard(IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                && !context.Request.Path.StartsWithSegments("/error")
                && context.RequestServices.GetRequiredService<DatabaseFile>().Problem() is not null)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            await next();
        });

    /// <summary>At start, after migrating: remembers the file and its identity token (writing one into a new database).</summary>
    public async Task RememberAsync(AllyshipDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return;
        }

        var identity = await db.Heartbeats.SingleOrDefaultAsync(h => h.Instance == Heartbeat.DatabaseIdentity, ct);
        if (identity is null)
        {
            identity = new Heartbeat { Instance = Heartbeat.DatabaseIdentity, AtUtc = clock.GetUtcNow().UtcDateTime, Token = Guid.NewGuid().ToString("N") };
            db.Heartbeats.Add(identity);
            await db.SaveChangesAsync(ct);
        }

        _token = identity.Token;
        _path = new SqliteConnectionStringBuilder(DataSetup.ResolveConnectionString(configuration, environment)).DataSource;
    }

    /// <summary>Null while the file is the one the app started with; otherwise a sentence for the log and for readiness.</summary>
    public string? Problem()
    {
        if (_path is null || _token is null)
        {
            return null;
        }

        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_last is { } last && (now - last.At).Duration() < CheckEvery)
            {
                return last.Problem;
            }

            var problem = Check(_path, _token);
            if (problem is not null && problem != _last?.Problem)
            {
                log.LogCritical("{Problem} Writes are refused until the app is restarted on a sound database.", problem);
            }

            _last = (now, problem);
            return problem;
        }
    }

    private static string? Check(string path, string token)
    {
        if (!File.Exists(path))
        {
            return $"The database file {path} is gone.";
        }

        try
        {
            // A context of its own on an unpooled, read-only connection: it opens whatever file is at the path now.
            var fresh = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
            using var db = new AllyshipDbContext(new DbContextOptionsBuilder<AllyshipDbContext>().UseSqlite(fresh).Options);
            var found = db.Heartbeats.AsNoTracking().Where(h => h.Instance == Heartbeat.DatabaseIdentity).Select(h => h.Token).SingleOrDefault();
            return found == token ? null : $"The database file {path} was replaced while the app was running.";
        }
        catch (SqliteException ex)
        {
            return $"The database file {path} can't be read ({ex.Message}).";
        }
    }
}
