using Microsoft.Data.Sqlite;

namespace Allyship.IntegrationTests;

/// <summary>
/// The migrations were folded into one baseline per provider before the first release (issue 32): a database made by a
/// build from before it names migrations this version does not know, and start-up stops with one sentence.
/// </summary>
public sealed class DatabaseHistoryTests
{
    [Fact]
    [Trait("Category", "SqliteOnly")]
    public async Task A_database_from_before_the_baseline_stops_start_up_with_one_sentence_and_a_fresh_folder_starts()
    {
        var folder = AppFixtureBase.NewDataDirectory();
        Directory.CreateDirectory(folder);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "allyship.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsHistory" VALUES ('20261128035501_Initial', '10.0.0'), ('20261128234425_ChatWebhooks', '10.0.0');
                """;
            await command.ExecuteNonQueryAsync();
        }

        var (exit, text) = await SignInTests.RunAppCommandAsync(folder, "create-admin", "history@example.com");

        exit.ShouldBe(1, text);
        text.ShouldContain("This database was made by another version of Allyship");
        text.ShouldContain("delete the data folder");
        text.ShouldNotContain("   at ", Case.Sensitive, "no stack trace");

        // The positive control: the same command in an empty folder migrates and runs.
        var fresh = AppFixtureBase.NewDataDirectory();
        var (ok, said) = await SignInTests.RunAppCommandAsync(fresh, "create-admin", "history@example.com");
        ok.ShouldBe(0, said);
        Directory.Delete(folder, recursive: true);
        Directory.Delete(fresh, recursive: true);
    }
}
