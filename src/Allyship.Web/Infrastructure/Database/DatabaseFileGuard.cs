using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Allyship.Web.Infrastructure.Database;

/// <summary>
/// No write is acknowledged into a SQLite file that was deleted or replaced under the app (issue 34). Each physical
/// connection gets a commit hook, which SQLite calls inside every write transaction's commit (a command's transaction,
/// SaveChanges, a single UPDATE alike) while it holds the write lock: when the file at the database's path is no longer
/// the one the connection has open (<see cref="SqliteFileIdentity.HasMoved"/>, one <c>stat</c>), the hook turns the
/// commit into a rollback, the statement fails (SQLite error 19) and the request gets the 503 page. After an explicit
/// transaction has committed the question is asked once more, so a file deleted between the hook and the end of the
/// commit is not acknowledged either. Cost: about a microsecond a commit (docs/performance.md).
/// </summary>
public sealed class DatabaseFileGuard(DatabaseFile file) : DbConnectionInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<object, object> Hooked = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Hook(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Hook(connection);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => ThrowIfMoved(eventData);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ThrowIfMoved(eventData);
        return Task.CompletedTask;
    }

    private void ThrowIfMoved(TransactionEndEventData eventData)
    {
        if (eventData.Context?.Database.GetDbConnection() is SqliteConnection { Handle: { } handle } && SqliteFileIdentity.HasMoved(handle))
        {
            throw new DatabaseVanishedException(file.VanishedUnderCommit());
        }
    }

    private void Hook(DbConnection connection)
    {
        // The native handle outlives the pooled SqliteConnection objects that borrow it: hooked once per handle.
        if (connection is not SqliteConnection { Handle: { } handle } || Hooked.TryGetValue(handle, out _))
        {
            return;
        }

        SQLitePCL.raw.sqlite3_commit_hook(handle, OnCommit, handle);
        Hooked.AddOrUpdate(handle, handle);
    }

    /// <summary>Non-zero turns the commit into a rollback (SQLITE_CONSTRAINT_COMMITHOOK).</summary>
    private int OnCommit(object handle)
    {
        if (!SqliteFileIdentity.HasMoved((SQLitePCL.sqlite3)handle))
        {
            return 0;
        }

        file.VanishedUnderCommit();
        return 1;
    }
}

/// <summary>A write committed into a database file that had been deleted or replaced: not acknowledged (the 503 page).</summary>
public sealed class DatabaseVanishedException(string message) : Exception(message);
