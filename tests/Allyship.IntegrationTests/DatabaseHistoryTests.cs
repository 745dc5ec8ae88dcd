using Allyship.Web.Data;
using Allyship.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

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

    /// <summary>
    /// Weeks closed before closed weeks kept their targets get the program's targets when the database is upgraded:
    /// a database at the migration before, with a program asking for two coffees and one closed week, upgraded.
    /// </summary>
    [Fact]
    [Trait("Category", "SqliteOnly")]
    public async Task Upgrading_gives_each_week_closed_before_the_program_targets_it_was_judged_by()
    {
        var folder = AppFixtureBase.NewDataDirectory();
        Directory.CreateDirectory(folder);
        var options = new DbContextOptionsBuilder<AllyshipDbContext>()
            .UseSqlite($"Data Source={Path.Combine(folder, "allyship.db")};Pooling=false", o => o.MigrationsAssembly(DataSetup.SqliteMigrations)).Options;
        await using (var db = new AllyshipDbContext(options))
        {
            var migrator = db.GetService<IMigrator>();
            var all = db.Database.GetMigrations().ToList();
            var added = all.Single(m => m.EndsWith("_ClosedWeekTargets", StringComparison.Ordinal));
            await migrator.MigrateAsync(all[all.IndexOf(added) - 1]);

            // Every NOT NULL column of the old Programs table gets a plain value; then the two targets that matter.
            var columns = await db.Database.SqlQueryRaw<ColumnInfo>("""SELECT name AS "Name", type AS "Type", "notnull" AS "NotNull", pk AS "Pk" FROM pragma_table_info('Programs')""").ToListAsync();
            var filled = columns.Where(c => c.NotNull == 1 && c.Pk == 0).ToList();
            var values = filled.Select(c => c.Name switch
            {
                "TargetCoffees" => "2",
                "CoffeeMinutes" => "25",
                "TimeZoneId" => "'Europe/London'",
                _ => c.Type.Contains("INT", StringComparison.OrdinalIgnoreCase) ? "1" : "'2026-11-02'",
            });
            var insert = $"""INSERT INTO "Programs" ("Id", {string.Join(", ", filled.Select(c => $"\"{c.Name}\""))}) VALUES (7, {string.Join(", ", values)})""";
            await db.Database.ExecuteSqlRawAsync(insert); // the test's own column names and constants
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "ClosedWeeks" ("ProgramId", "WeekStart", "ClosedUtc", "Mentors", "EmailsQueued") VALUES (7, '2026-11-02', '2026-11-09 00:05:00', 0, 0)""");

            await migrator.MigrateAsync();
        }

        await using (var db = new AllyshipDbContext(options))
        {
            var week = await db.ClosedWeeks.SingleAsync();
            week.Targets.Coffees.ShouldBe(2, "the program's target of the time, not the default");
            week.Targets.CoffeeMinutes.ShouldBe(25);
            week.Targets.ShoutOuts.ShouldBe(1);
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private sealed class ColumnInfo
    {
        public string Name { get; set; } = "";
        public string Type { get; set; } = "";
        public long NotNull { get; set; }
        public long Pk { get; set; }
    }
}
