using System.Globalization;
using Allyship.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Infrastructure.Backups;

/// <summary>Backup:Directory (default &lt;data&gt;/backups), Backup:Keep (newest copies kept, default 14), Backup:Cron (UTC).</summary>
public sealed class BackupOptions
{
    public string? Directory { get; set; }

    [System.ComponentModel.DataAnnotations.Range(1, 1000, ErrorMessage = "Backup:Keep must be between 1 and 1000.")]
    public int Keep { get; set; } = 14;

    /// <summary>Daily at 02:30 UTC by default.</summary>
    public string Cron { get; set; } = "30 2 * * *";
}

/// <summary>
/// A consistent copy of the live SQLite database with <c>VACUUM INTO</c> (never a file copy: the WAL may hold committed
/// pages the main file does not), written under a temporary name and renamed when complete, then the oldest copies beyond
/// Backup:Keep are deleted. Readers and writers carry on meanwhile. Does nothing on PostgreSQL (back that up with its own
/// tools, see docs/operations.md).
/// </summary>
public sealed class SqliteBackupJob(AllyshipDbContext db, Telemetry.AllyshipMetrics metrics, IOptions<BackupOptions> options, IConfiguration configuration, IHostEnvironment environment,
    TimeProvider clock, ILogger<SqliteBackupJob> logger)
{
    public const string FilePrefix = "allyship-";

    public string Folder => FolderOf(options.Value, configuration, environment);

    public static string FolderOf(BackupOptions options, IConfiguration configuration, IHostEnvironment environment) =>
        options.Directory is { Length: > 0 } configured
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : Path.Combine(DataSetup.DataDirectory(configuration, environment), "backups");

    public Task<string?> RunAsync(CancellationToken ct = default) => metrics.RunJobAsync(JobsSetup.Ids.Backup, () => BackUpAsync(ct));

    private async Task<string?> BackUpAsync(CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        Directory.CreateDirectory(Folder);
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var path = Path.Combine(Folder, $"{FilePrefix}{stamp}.db");
        var partial = path + ".partial";
        File.Delete(partial);
        await db.Database.ExecuteSqlAsync($"VACUUM INTO {partial}", ct);
        File.Move(partial, path, overwrite: true);

        var old = Directory.GetFiles(Folder, $"{FilePrefix}*.db").OrderDescending(StringComparer.Ordinal).Skip(options.Value.Keep).ToList();
        foreach (var file in old)
        {
            File.Delete(file);
        }

        logger.LogInformation("Backup written to {Path} ({Bytes:N0} bytes); {Deleted} older copies removed", path, new FileInfo(path).Length, old.Count);
        return path;
    }

    /// <summary>"ok" when SQLite's full integrity check passes on the file, else its first complaint.</summary>
    public static async Task<string> IntegrityCheckAsync(string file, CancellationToken ct = default)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            return (string?)await command.ExecuteScalarAsync(ct) ?? "no answer";
        }
        catch (SqliteException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Puts a backup in place of the database file (the app must be stopped): checks the copy first, then replaces the
    /// file and removes the old write-ahead log beside it. The next start applies any newer migrations.
    /// </summary>
    public static async Task<string?> RestoreAsync(string backup, string databaseFile, CancellationToken ct = default)
    {
        if (!File.Exists(backup))
        {
            return $"No backup at {backup}.";
        }

        var check = await IntegrityCheckAsync(backup, ct);
        if (check != "ok")
        {
            return $"The backup fails SQLite's integrity check ({check}); nothing was changed.";
        }

        SqliteConnection.ClearAllPools();
        Directory.CreateDirectory(Path.GetDirectoryName(databaseFile)!);
        var incoming = databaseFile + ".restoring";
        File.Copy(backup, incoming, overwrite: true);
        File.Delete(databaseFile + "-wal");
        File.Delete(databaseFile + "-shm");
        File.Move(incoming, databaseFile, overwrite: true);
        return null;
    }
}
