using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Allyship.Web.Infrastructure.Database;

/// <summary>
/// SQLite's per-connection settings (ADR 17), applied once to each physical connection of the pool:
/// <c>synchronous=NORMAL</c> in WAL mode: a commit is not flushed to disk on its own but at the WAL's checkpoint, so a
/// power loss or an operating-system crash can lose the last moments of commits; an application crash loses nothing,
/// and the file is never corrupted. <c>wal_autocheckpoint=10000</c> pages (40 MB of log, not 4 MB): the checkpoint runs
/// inside the committing writer's turn, with two flushes to disk, and at the default it came every ~125 log POSTs under
/// load (issue 19: +10% for the log POST with the larger log).
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

    private static void Apply(DbConnection connection)
    {
        // The native handle outlives the pooled SqliteConnection objects that borrow it: set once per handle.
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || Configured.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = sqlite.CreateCommand();
        command.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint={CheckpointPages};";
        command.ExecuteNonQuery();
        Configured.AddOrUpdate(handle, handle);
    }
}
