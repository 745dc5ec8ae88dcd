using Npgsql;

namespace Allyship.IntegrationTests;

/// <summary>
/// Which database the suite runs on: SQLite files by default; PostgreSQL when ALLYSHIP_TEST_POSTGRES holds a server
/// connection string (Host=...;Port=...;Username=...), as .ci/run sets it for its second pass. Each app fixture then gets
/// a database of its own, dropped when the fixture is disposed.
/// </summary>
public static class TestDatabase
{
    public static string? PostgresServer { get; } = System.Environment.GetEnvironmentVariable("ALLYSHIP_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static bool IsPostgres => PostgresServer is not null;

    public static string Provider => IsPostgres ? "Postgres" : "Sqlite";

    public static string NewPostgresDatabase() =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { Database = $"allyship_test_{Guid.NewGuid():N}", Pooling = true }.ToString();

    public static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        // Only this app's pool: the other classes' apps run beside it. DROP … WITH (FORCE) closes what is still open.
        await using (var own = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(own);
        }

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{target.Database}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// A test of what only PostgreSQL has (several instances hearing each other, a killed instance's jobs): skipped, visibly,
/// on a SQLite run. Mark it [Trait("Category", "PostgresOnly")] too: CI's SQLite pass leaves it out by that category
/// (so nothing is skipped under CI=true) and its PostgreSQL pass runs it.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres)
        {
            Skip = "POSTGRESQL ONLY: runs when ALLYSHIP_TEST_POSTGRES names a server (CI's second pass).";
        }
    }
}
