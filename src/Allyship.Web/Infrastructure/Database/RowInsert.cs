using System.Collections.Concurrent;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Allyship.Web.Infrastructure.Database;

/// <summary>
/// One new row written by one statement built from the EF model (<see cref="InsertStatement"/>, shared with BulkInsert: the INSERT that
/// SaveChanges would send), for a command's hot path: no change tracking, no graph to attach, no batch to plan (issue 19:
/// SaveChanges' pipeline around a single INSERT was most of the log POST's time inside the write lock). It goes through
/// EF, so every interceptor sees the statement; it runs only inside a command's transaction; it stamps the timestamps as
/// <see cref="TimestampInterceptor"/> does and signals the same <see cref="DataChanges"/> topics as a save, at the
/// commit. The row stays untracked; its generated key is read back (RETURNING, on SQLite and PostgreSQL alike).
/// </summary>
public static class RowInsert
{
    private static readonly ConcurrentDictionary<(Type Row, Type Connection), InsertStatement> Statements = new();

    public static async Task InsertAsync<T>(this AllyshipDbContext db, T row, DateTime utcNow, CancellationToken ct)
        where T : class
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException($"A {typeof(T).Name} is inserted outside SaveChanges only inside a command's transaction (InTransactionAsync), whose commit signals the change.");
        }

        var connection = db.GetService<IRelationalConnection>();
        var statement = Statements.GetOrAdd((typeof(T), connection.DbConnection.GetType()), _ => InsertStatement.For(db, typeof(T), returningKey: true));
        TimestampInterceptor.Stamp(row, added: true, utcNow);

        // The provider's own parameter for each column's type (PostgreSQL must know it), made by a throwaway command.
        await using var factory = connection.DbConnection.CreateCommand();
        var parameters = new object[statement.Columns.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var (property, read) = statement.Columns[i];
            parameters[i] = property.GetRelationalTypeMapping().CreateParameter(factory, InsertStatement.Parameter(i), InsertStatement.Stored(property, read(row)), property.IsNullable);
        }

        // EF's raw command, as ExecuteSql sends it (interceptors, logging, the command's transaction), read for the key:
        // not a LINQ query, whose compilation and cache lookup cost more than the INSERT (issue 19's profile).
        var command = db.GetService<IRawSqlCommandBuilder>().Build(statement.Sql, parameters);
        await using var reader = await command.RelationalCommand.ExecuteReaderAsync(
            new RelationalCommandParameterObject(connection, command.ParameterValues, null, db, db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.ExecuteSqlRaw),
            ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException($"The INSERT of a {typeof(T).Name} returned no key.");
        }

        statement.Key.PropertyInfo!.SetValue(row, reader.DbDataReader.GetInt32(0));
        DataChangesInterceptor.Wrote(db, row);
    }
}
