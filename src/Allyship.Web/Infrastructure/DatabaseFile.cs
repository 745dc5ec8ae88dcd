using System.Runtime.InteropServices;
using Allyship.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Infrastructure;

/// <summary>
/// Notices when the SQLite file this instance serves from is deleted or replaced under it. Pooled connections keep
/// writing to the file they opened, so without this a deleted database "accepts" writes that vanish (issue 34: 26 in
/// the first 1.7 s). Every write transaction asks SQLite, inside its commit, whether the file at the database's path is
/// still the one the connection opened (<see cref="Database.DatabaseFileGuard"/>: one <c>stat</c> per commit); a commit
/// into a file that is no longer there is rolled back, and from then on every form is refused with the 503 page until
/// the app is restarted on a sound database. Readiness also looks every two seconds (reopening the path read-only and
/// comparing the identity token the database was created with), so a deletion shows before anyone writes.
/// </summary>
public sealed class DatabaseFile(IConfiguration configuration, IHostEnvironment environment, TimeProvider clock, ILogger<DatabaseFile> log)
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private string? _path;
    private string? _token;
    private (DateTimeOffset At, string? Problem)? _last;
    private volatile string? _vanished;

    /// <summary>
    /// Forms (anything but GET and HEAD) are refused with the 503 page once the database file is not the app's; and any
    /// request that fails because it is not (a commit refused by the guard, a connection that can't open the path) gets
    /// the 503 page rather than the 500 one.
    /// </summary>
    public static IApplicationBuilder UseDatabaseFileGuard(IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var file = context.RequestServices.GetRequiredService<DatabaseFile>();
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                && !context.Request.Path.StartsWithSegments("/error") && file.Problem() is not null)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            try
            {
                await next();
            }
            catch (Exception) when (!context.Response.HasStarted && file.ProblemNow() is not null)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }
        });

    /// <summary>The database file's path once the app has started on it (SQLite only).</summary>
    public string? Path => _path;

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

    /// <summary>Null while the file is the one the app started with; otherwise a sentence for the log and for readiness (looked at every two seconds at most).</summary>
    public string? Problem()
    {
        if (_vanished is { } vanished)
        {
            return vanished;
        }

        if (_path is null || _token is null)
        {
            return null;
        }

        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_last is not { } last || (now - last.At).Duration() >= CheckEvery)
            {
                _last = (now, Check(_path, _token));
            }

            return _last.Value.Problem is { } problem ? Vanished(problem) : null;
        }
    }

    /// <summary>As <see cref="Problem"/>, looking at the file now (after a request failed: was it because of the file?).</summary>
    public string? ProblemNow()
    {
        if (_vanished is null && _path is not null && _token is not null && Check(_path, _token) is { } problem)
        {
            Vanished(problem);
        }

        return _vanished;
    }

    /// <summary>The file is not the app's any more: logged once; writes are refused until the app is restarted.</summary>
    public string Vanished(string problem)
    {
        lock (_gate)
        {
            if (_vanished is null)
            {
                _vanished = problem;
                log.LogCritical("{Problem} Writes are refused until the app is restarted on a sound database.", problem);
            }

            return _vanished;
        }
    }

    /// <summary>The sentence for a commit refused because the connection's file is no longer at the database's path.</summary>
    public string VanishedUnderCommit() => Vanished($"The database file {_path ?? "(the SQLite database)"} was deleted or replaced while the app was running.");

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

/// <summary>
/// Asks SQLite whether the file a connection has open is still the one at its path (<c>SQLITE_FCNTL_HAS_MOVED</c>: the
/// unix VFS compares the inode of the open file with a <c>stat</c> of the path; Windows, where an open file can't be
/// deleted, and in-memory databases answer "not moved").
/// </summary>
public static class SqliteFileIdentity
{
    private const int HasMovedOperation = 20; // SQLITE_FCNTL_HAS_MOVED

    private static readonly byte[] Main = "main\0"u8.ToArray();

    private static bool _unavailable;

    /// <summary>True when the connection's main database file was deleted, renamed or replaced since it was opened.</summary>
    public static bool HasMoved(SQLitePCL.sqlite3 handle)
    {
        if (_unavailable)
        {
            return false;
        }

        try
        {
            var moved = 0;
            return FileControl(handle.DangerousGetHandle(), Main, HasMovedOperation, ref moved) == 0 && moved != 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true; // another SQLite build (a system or encrypted one) than the bundled e_sqlite3: not checked
            return false;
        }
    }

    // The same native library Microsoft.Data.Sqlite's bundle loads (SQLitePCLRaw's provider imports "e_sqlite3" too);
    // SQLitePCLRaw itself does not expose sqlite3_file_control.
    // (DllImport, not LibraryImport: the generated marshalling needs unsafe code, which this project does not allow.)
#pragma warning disable SYSLIB1054
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_file_control", CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern int FileControl(IntPtr db, byte[] name, int operation, ref int result);
#pragma warning restore SYSLIB1054
}
