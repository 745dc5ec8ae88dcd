using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Allyship.Web.Infrastructure.Database;

/// <summary>
/// SQLite's per-connection settings (ADR 17), applied once to each physical connection of the pool:
/// <c>synchronous=NORMAL</c> in WAL mode: a commit is not flushed to disk on its own but at the WAL's checkpoint, so a
/// power loss or an operating-system crash can lose the last moments of commits; an application crash loses nothing,
/// and the file is never corrupted.
/// </summary>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    private static readonly ConditionalWeakTable<object, object> Configured = [];

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
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
        Configured.AddOrUpdate(handle, handle);
    }
}
