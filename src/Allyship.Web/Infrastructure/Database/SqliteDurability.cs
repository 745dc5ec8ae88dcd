using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Allyship.Web.Infrastructure.Database;

/// <summary>
/// SQLite's per-connection settings (ADR 17), applied once to each physical connection of the pool:
/// <c>synchronous=NORMAL</c> in WAL mode: a commit is not flushed to disk on its own but at the WAL's checkpoint, so a
/// power loss or an operating-system crash can lose the last moments of commits; an application crash loses nothing,
/// and the file is never corrupted. <c>wal_autocheckpoint=10000</c> pages (40 MB of log, not 4 MB): the checkpoint runs
/// inside the committing writer's turn, with two flushes to disk, and at the default it came every ~125 log POSTs under
/// load (issue 19: +10% for the log POST with the larger log). <c>secure_delete=ON</c> (issue 31): text a row update or
/// delete frees, and freed pages, are zeroed at once rather than left in the file, so an erasure leaves no stale copy
/// of the person (nor does an earlier edit of their name); VACUUM after each erasure would clean the file too, but
/// rewrites all of it under the write lock every time.
/// </summary>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    private static readonly ConditionalWeakTable<object, object> Configured = [];

    /// <summary>The write-ahead log's pages before a commit checkpoints it into the database file (SQLite's default: 1000).</summary>
    public const int CheckpointPages = 10_000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    /// <summary>
    /// After an erasure has committed: copies the write-ahead log into the database file and empties it
    /// (<c>wal_checkpoint(TRUNCATE)</c>), so the log's older page images, which still hold what was erased, are gone
    /// from disk now rather than at some later checkpoint. A reader in the middle of a long query can keep the log from
    /// being emptied: that is logged, and the next checkpoint (any commit past <see cref="CheckpointPages"/>, or the
    /// next erasure) finishes the job. Nothing to do on PostgreSQL.
    /// </summary>
    public static async Task TruncateWriteAheadLogAsync(DbContext db, ILogger logger, CancellationToken ct)
    {
        if (db.Database.GetDbConnection() is not SqliteConnection connection) // not IsSqlite(): see ProgramLocks
        {
            return;
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var result = await command.ExecuteReaderAsync(ct);
            if (await result.ReadAsync(ct) && result.GetInt32(0) != 0)
            {
                logger.LogWarning("The write-ahead log could not be emptied after an erasure (a reader was still using it); the next checkpoint will");
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void Apply(DbConnection connection)
    {
        // The native handle outlives the pooled SqliteConnection objects that borrow it: set once per handle.
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || Configured.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = sqlite.CreateCommand();
        command.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint={CheckpointPages}; PRAGMA secure_delete=ON;";
        command.ExecuteNonQuery();
        Configured.AddOrUpdate(handle, handle);
    }
}
