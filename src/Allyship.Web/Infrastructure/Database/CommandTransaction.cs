using System.Diagnostics;
using Allyship.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Allyship.Web.Infrastructure.Database;

/// <summary>The errors a command expects from the database, by their codes; anything else is a real error.</summary>
public static class DbErrors
{
    /// <summary>SQLite's SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.</summary>
    private const int SqliteUnique = 2067;
    private const int SqlitePrimaryKey = 1555;

    /// <summary>PostgreSQL's unique_violation.</summary>
    private const string PostgresUnique = "23505";

    /// <summary>A unique key said no: someone else (another request, instance or job) did it first.</summary>
    public static bool IsUniqueViolation(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteExtendedErrorCode: SqliteUnique or SqlitePrimaryKey }:
                case PostgresException { SqlState: PostgresUnique }:
                    return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Thrown by a command that finds, through a check rather than a unique key (Identity's duplicate user name), that someone
/// else did the same thing a moment ago: <see cref="CommandTransaction.InTransactionAsync{T}"/> runs it once more.
/// </summary>
public sealed class BeatenToItException(string message) : Exception(message);

/// <summary>
/// One command, one commit: everything a command changes (including what UserManager saves on its own, rollup rows,
/// audit entries and queued emails) is written in one transaction, committed at the end or not at all.
/// </summary>
public static class CommandTransaction
{
    /// <summary>The traces of database commands (<see cref="WaitForWriter"/>).</summary>
    public static readonly ActivitySource Traces = new(TracesName);

    /// <summary>The name of <see cref="Traces"/>, for listeners.</summary>
    public const string TracesName = "Allyship.Database";

    /// <summary>The span of a command waiting its turn for SQLite's one writer, tagged with the database file (<c>db.data_source</c>).</summary>
    public const string WaitForWriter = "wait for the database writer";

    /// <summary>
    /// Runs <paramref name="command"/> in a transaction and commits what it changed; a failure rolls everything back.
    /// On SQLite the transaction takes the write lock at its start (BEGIN IMMEDIATE), so what the command reads is what
    /// it writes against. When <paramref name="retryWhenBeatenTo"/> is set, a unique-key violation (someone else did it
    /// first) runs the command once more from a clean slate, where it finds their row and returns the same result.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this AllyshipDbContext db, Func<Task<T>> command, CancellationToken ct,
        bool retryWhenBeatenTo = false)
    {
        // SQLite has one writer at a time; a second BEGIN IMMEDIATE waits in SQLite's busy handler, which sleeps and
        // polls (1 ms, 2 ms, 5 ms ... 100 ms) and leaves the CPU idle under load. Commands of this process queue here
        // instead, each starting the moment the one before commits; other processes still meet the busy timeout.
        var writer = db.Database.GetDbConnection() is SqliteConnection ? SqliteWriters.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1)) : null;
        for (var attempt = 1; ; attempt++)
        {
            if (writer is not null)
            {
                // Traced: time spent queued for the writer is what a slow SQLite command shows first.
                using (Traces.StartActivity(WaitForWriter, ActivityKind.Internal, default(ActivityContext),
                    [new("db.data_source", ((SqliteConnection)db.Database.GetDbConnection()).DataSource)]))
                {
                    await writer.WaitAsync(ct);
                }
            }

            // No savepoint around each SaveChanges (EF's default inside a transaction: two more statements per save): a
            // failed save fails the whole command, which rolls back or runs again from a clean slate, never goes on.
            var savepoints = db.Database.AutoSavepointsEnabled;
            db.Database.AutoSavepointsEnabled = false;
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await command();
                if (db.ChangeTracker.HasChanges())
                {
                    await db.SaveChangesAsync(ct);
                }

                await transaction.CommitAsync(ct);
                return result;
            }
            catch (Exception ex) when (retryWhenBeatenTo && attempt == 1 && (DbErrors.IsUniqueViolation(ex) || ex is BeatenToItException))
            {
                db.ChangeTracker.Clear();
            }
            catch
            {
                db.ChangeTracker.Clear(); // nothing of a rolled-back command may be saved by a later SaveChanges
                throw;
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = savepoints;
                writer?.Release();
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> SqliteWriters = new(StringComparer.Ordinal);
}

/// <summary>
/// Keeps an action command and the closing of its week from passing each other on PostgreSQL (read committed), where
/// both could otherwise commit without seeing the other: the action missing from the rollup. Action commands take a
/// shared transaction-scoped lock on their program, the rollup an exclusive one; actions never wait for each other.
/// On SQLite every write transaction holds the database's write lock from BEGIN, which already orders them.
/// </summary>
public static class ProgramLocks
{
    /// <summary>An arbitrary first key, so these locks can't collide with anyone else's advisory locks on the database.</summary>
    private const int Namespace = 0x36_36;

    public static Task LockProgramForActionsAsync(this AllyshipDbContext db, int programId, CancellationToken ct) =>
        db.Database.GetDbConnection() is NpgsqlConnection // not IsNpgsql(): that reads the provider assembly's name on every call
            ? db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({Namespace}, {programId})", ct)
            : Task.CompletedTask;

    public static Task LockProgramForRollupAsync(this AllyshipDbContext db, int programId, CancellationToken ct) =>
        db.Database.GetDbConnection() is NpgsqlConnection
            ? db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({Namespace}, {programId})", ct)
            : Task.CompletedTask;
}
