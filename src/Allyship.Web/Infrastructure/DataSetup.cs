using Allyship.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Allyship.Web.Infrastructure;

/// <summary>Database:Provider: Sqlite (the default, one file) or Postgres (several instances, ConnectionStrings:Allyship).</summary>
public static class DatabaseProvider
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public static string Of(IConfiguration configuration) => configuration["Database:Provider"] switch
    {
        null or "" => Sqlite,
        var p when p.Equals(Sqlite, StringComparison.OrdinalIgnoreCase) => Sqlite,
        var p when p.Equals(Postgres, StringComparison.OrdinalIgnoreCase) || p.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) => Postgres,
        var p => throw new InvalidOperationException($"Database:Provider \"{p}\" is not known: use Sqlite or Postgres."),
    };
}

public static class DataSetup
{
    /// <summary>Each provider's migrations live in a project of their own (ADR 10).</summary>
    public const string SqliteMigrations = "Allyship.Migrations.Sqlite";

    public const string PostgresMigrations = "Allyship.Migrations.Postgres";

    /// <summary>SQLite file under the data folder unless ConnectionStrings:Allyship says otherwise.</summary>
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        if (DatabaseProvider.Of(builder.Configuration) == DatabaseProvider.Postgres)
        {
            var postgres = builder.Configuration.GetConnectionString("Allyship");
            if (string.IsNullOrWhiteSpace(postgres))
            {
                throw new InvalidOperationException("Database:Provider is Postgres: set ConnectionStrings:Allyship (Host=...;Database=...;Username=...;Password=...).");
            }

            builder.Services.AddDbContextPool<AllyshipDbContext, PostgresDbContext>((services, options) =>
                options.UseNpgsql(postgres, o => o.MigrationsAssembly(PostgresMigrations)).AddInterceptors(services.GetServices<IInterceptor>()));
        }
        else
        {
            var connectionString = ResolveConnectionString(builder.Configuration, builder.Environment);
            builder.Services.AddSingleton<IInterceptor, Database.SqliteDurability>();
            builder.Services.AddSingleton<IInterceptor, Database.DatabaseFileGuard>();
            builder.Services.AddDbContextPool<AllyshipDbContext>((services, options) =>
                options.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrations)).AddInterceptors(services.GetServices<IInterceptor>()));
        }

        // Contexts come from a pool (issue 19's profile: a new context and its internal services were a quarter of a
        // log POST's allocations); the options are built once and the interceptors are singletons. Every context gets the registered interceptors: the timestamps here, and whatever a test adds to make a step fail.
        builder.Services.AddSingleton<IInterceptor, TimestampInterceptor>();
        builder.AddCache();
        builder.Services.AddSingleton<DatabaseFile>();
        builder.Services.AddSingleton<IInterceptor, Database.DataChangesInterceptor>();

        var offset = builder.Configuration.GetValue<TimeSpan?>("Dev:ClockOffset");
        builder.Services.AddSingleton<TimeProvider>(builder.Environment.IsDevelopment() && offset is { } shift && shift != TimeSpan.Zero
            ? new ShiftedTimeProvider(shift)
            : TimeProvider.System);

        // Keys in the database under one application name: every instance reads the same key ring, so a cookie or an
        // antiforgery token issued by one is accepted by another, after restarts too, and a link printed by
        // `create-admin` works in the server.
        var keyRing = builder.Services.AddDataProtection()
            .SetApplicationName("Allyship")
            .PersistKeysToDbContext<AllyshipDbContext>();
        if (Privacy.KeyRingAtRest.Certificate(builder.Configuration) is { } certificate)
        {
            keyRing.ProtectKeysWithCertificate(certificate); // the keys in the database are useless without this certificate
        }

        builder.Services.AddHostedService<Privacy.KeyRingAtRest>();
        builder.Services.AddSingleton<Privacy.NoteProtector>();
        return builder;
    }

    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Storage:DataDirectory"];
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(environment.ContentRootPath, "App_Data")
            : Path.GetFullPath(configured, environment.ContentRootPath);
    }

    public static string ResolveConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration.GetConnectionString("Allyship");
        var builder = string.IsNullOrWhiteSpace(configured)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(DataDirectory(configuration, environment), "allyship.db") }
            : new SqliteConnectionStringBuilder(configured);

        if (IsFile(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, environment.ContentRootPath);
            EnsureWritable(Path.GetDirectoryName(builder.DataSource)!);
            // The app's connections never create the file: a database deleted under a running app would otherwise come
            // back as an empty file the next connection made, and a restart would migrate it and report Healthy (issue
            // 34). Start-up creates it, once, when it may (CreateSqliteFileIfNew).
            if (builder.Mode == SqliteOpenMode.ReadWriteCreate)
            {
                builder.Mode = SqliteOpenMode.ReadWrite;
            }
        }

        builder.Pooling = true;
        return builder.ToString();
    }

    /// <summary>The files SQLite keeps beside a database (write-ahead log, its index, a rollback journal).</summary>
    private static readonly string[] SqliteSideFiles = ["-wal", "-shm", "-journal"];

    private static bool IsFile(string? dataSource) => !string.IsNullOrEmpty(dataSource) && dataSource != ":memory:";

    /// <summary>The SQLite file the app serves from; null on PostgreSQL or for an in-memory database.</summary>
    public static string? SqliteFile(IConfiguration configuration, IHostEnvironment environment) =>
        DatabaseProvider.Of(configuration) == DatabaseProvider.Sqlite
        && new SqliteConnectionStringBuilder(ResolveConnectionString(configuration, environment)).DataSource is var file && IsFile(file)
            ? file
            : null;

    /// <summary>
    /// Before anything opens the database: a SQLite file that is missing (or empty) where this data folder shows there
    /// was one (the lock file every serving instance leaves beside it, backups, a write-ahead log) stops start-up with one
    /// sentence saying how to restore, unless the app was started with <c>--new-database</c>. Without that, a deleted
    /// database came back as a new, empty one on a plain restart, and readiness said Healthy (issue 34). A first start
    /// (no data folder yet, as on a fresh clone or in a new container) finds none of these and goes on.
    /// </summary>
    public static void RefuseVanishedDatabase(this WebApplication app, bool newDatabase)
    {
        if (SqliteFile(app.Configuration, app.Environment) is not { } file || (File.Exists(file) && new FileInfo(file).Length > 0))
        {
            return;
        }

        var backups = Backups.SqliteBackupJob.FolderOf(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Backups.BackupOptions>>().Value,
            app.Configuration, app.Environment);
        var newest = Directory.Exists(backups) ? Directory.GetFiles(backups, $"{Backups.SqliteBackupJob.FilePrefix}*.db").Order(StringComparer.Ordinal).LastOrDefault() : null;
        var leftovers = SqliteSideFiles.Select(suffix => file + suffix).Where(File.Exists).ToList();
        var traces = new[] { Backups.DatabaseInUse.LockFileOf(file) }.Where(File.Exists).Concat(leftovers).Concat(newest is null ? [] : [newest]).ToList();
        if (traces.Count == 0)
        {
            return;
        }

        if (!newDatabase)
        {
            throw new StartupException(
                $"The database {file} is missing, but this data folder had one ({string.Join(", ", traces.Select(Path.GetFileName))}), so Allyship did not start on an empty one: "
                + (newest is null ? "stop every instance and restore your latest copy with `restore <backup file>`" : $"stop every instance and restore the newest backup with `restore {newest}`")
                + " (docs/operations.md, Backups), or start with --new-database to begin again with an empty database.");
        }

        // Starting afresh: the vanished database's write-ahead log must not be replayed into the new file; kept aside.
        var stamp = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var leftover in leftovers)
        {
            File.Move(leftover, $"{leftover}.vanished-{stamp}", overwrite: true);
        }
    }

    /// <summary>Creates an empty SQLite file for a new database (the app's own connections never create one).</summary>
    private static void CreateSqliteFileIfNew(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!IsFile(builder.DataSource) || File.Exists(builder.DataSource))
        {
            return;
        }

        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        builder.Pooling = false;
        using var create = new SqliteConnection(builder.ToString());
        create.Open();
    }

    /// <summary>The data folder exists and takes a file, or start-up stops with one sentence naming it and the setting.</summary>
    private static void EnsureWritable(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new StartupException(
                $"The data folder {folder} can't be written ({ex.Message.TrimEnd('.')}). Make it writable by the user the app runs as, " +
                "or point Storage:DataDirectory (or ConnectionStrings:Allyship) at a folder that is.", ex);
        }
    }

    /// <summary>
    /// A serving instance marks its SQLite file in use until it stops, so `restore` refuses to replace it under the app
    /// (and deletes no live write-ahead log). PostgreSQL needs nothing here.
    /// </summary>
    public static void MarkDatabaseInUse(this WebApplication app)
    {
        if (SqliteFile(app.Configuration, app.Environment) is not { } file)
        {
            return;
        }

        var inUse = Backups.DatabaseInUse.ForServing(file);
        app.Lifetime.ApplicationStopped.Register(inUse.Dispose);
    }

    /// <summary>
    /// The migrations were folded into one baseline per provider before the first release (README, "Database
    /// changes"): a database whose history names a migration this version does not have was made by a build from before
    /// the baseline (or by a newer one). Migrating it would fail half-way or silently skip tables, so start-up stops
    /// with one sentence instead.
    /// </summary>
    private static async Task RefuseUnknownHistoryAsync(AllyshipDbContext db, CancellationToken ct)
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = (await db.Database.GetAppliedMigrationsAsync(ct)).Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            throw new StartupException(
                $"This database was made by another version of Allyship (its history names {unknown.Count} change{(unknown.Count == 1 ? "" : "s")} this version does not know, such as “{unknown[0]}”). "
                + "For a fresh demo, delete the data folder; otherwise restore a backup made by this version, or run the version that made it.");
        }
    }

    /// <summary>Applies migrations and turns on SQLite's write-ahead log, so readers never wait for the writer.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            CreateSqliteFileIfNew(sqlite.ConnectionString);
        }

        await RefuseUnknownHistoryAsync(db, ct);
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL is a property of the database file: set once, it persists for every later connection.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            // Refresh the query planner's statistics where they are stale (cheap when they are not), so the dashboard's
            // range reads pick the covering indexes on a large database.
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize;", ct);
        }

        if (scope.ServiceProvider.GetService<DatabaseFile>() is { } file)
        {
            await file.RememberAsync(db, ct);
        }

        await scope.ServiceProvider.GetRequiredService<Privacy.NoteProtector>().EncryptPlainNotesAsync(db, ct);

        var roles = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.RoleManager<Microsoft.AspNetCore.Identity.IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new Microsoft.AspNetCore.Identity.IdentityRole(role));
            }
        }
    }
}

/// <summary>A setting or folder that keeps the app from starting: its message is the one sentence printed, no stack trace.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
