using System.Collections.Concurrent;
using System.Linq.Expressions;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Allyship.Web.Infrastructure.Database;

/// <summary>
/// One new row written by one statement built from the EF model (table, columns and value converters: the INSERT that
/// SaveChanges would send), for a command's hot path: no change tracking, no graph to attach, no batch to plan (issue 19:
/// SaveChanges' pipeline around a single INSERT was most of the log POST's time inside the write lock). It goes through
/// EF, so every interceptor sees the statement; it runs only inside a command's transaction; it stamps the timestamps as
/// <see cref="TimestampInterceptor"/> does and signals the same <see cref="DataChanges"/> topics as a save, at the
/// commit. The row stays untracked; its generated key is read back (RETURNING, on SQLite and PostgreSQL alike).
/// </summary>
public static class RowInsert
{
    private static readonly ConcurrentDictionary<(Type Row, Type Connection), Statement> Statements = new();

    public static async Task InsertAsync<T>(this AllyshipDbContext db, T row, DateTime utcNow, CancellationToken ct)
        where T : class
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException($"A {typeof(T).Name} is inserted outside SaveChanges only inside a command's transaction (InTransactionAsync), whose commit signals the change.");
        }

        var connection = db.GetService<IRelationalConnection>();
        var statement = Statements.GetOrAdd((typeof(T), connection.DbConnection.GetType()), _ => Statement.For(db, typeof(T)));
        TimestampInterceptor.Stamp(row, added: true, utcNow);

        // The provider's own parameter for each column's type (PostgreSQL must know it), made by a throwaway command.
        await using var factory = connection.DbConnection.CreateCommand();
        var parameters = new object[statement.Columns.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var (property, read) = statement.Columns[i];
            var value = read(row);
            var mapping = property.GetRelationalTypeMapping();
            var stored = value is null ? null : mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
            parameters[i] = mapping.CreateParameter(factory, $"@p{i}", stored ?? DBNull.Value, property.IsNullable);
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

        statement.SetKey(row, reader.DbDataReader.GetInt32(0));
        DataChangesInterceptor.Wrote(db, row);
    }

    private sealed record Statement(string Sql, (IProperty Property, Func<object, object?> Read)[] Columns, Action<object, int> SetKey)
    {
        public static Statement For(DbContext db, Type type)
        {
            var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not mapped.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var key = entity.FindPrimaryKey()!.Properties.Single();
            var properties = entity.GetProperties().Where(p => p != key || p.ValueGenerated == ValueGenerated.Never).ToArray();
            var sql = db.GetService<ISqlGenerationHelper>();
            var text =
                $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} " +
                $"({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) " +
                $"VALUES ({string.Join(", ", properties.Select((_, i) => $"@p{i}"))}) " +
                $"RETURNING {sql.DelimitIdentifier(key.GetColumnName(table)!)}";
            return new Statement(text, [.. properties.Select(p => (p, Reader(type, p)))], Setter(type, key));
        }

        private static Func<object, object?> Reader(Type type, IProperty property)
        {
            var row = Expression.Parameter(typeof(object));
            var body = Expression.Convert(Expression.Property(Expression.Convert(row, type), property.PropertyInfo!), typeof(object));
            return Expression.Lambda<Func<object, object?>>(body, row).Compile();
        }

        private static Action<object, int> Setter(Type type, IProperty key)
        {
            var row = Expression.Parameter(typeof(object));
            var value = Expression.Parameter(typeof(int));
            var body = Expression.Assign(Expression.Property(Expression.Convert(row, type), key.PropertyInfo!), value);
            return Expression.Lambda<Action<object, int>>(body, row, value).Compile();
        }
    }
}
