using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Backups;
using Microsoft.EntityFrameworkCore;

namespace Allyship.IntegrationTests;

[Trait("Category", "SqliteOnly")]
public sealed class BackupTests
{
    private sealed class App(string? directory = null) : AppFixtureBase(directory);

    [Fact]
    public async Task A_backup_is_a_consistent_copy_and_old_ones_are_pruned()
    {
        await using var own = new App();
        var data = new TestData(own);
        var program = await data.ProgramAsync();
        var mentor = await data.MentorAsync(program);
        await data.ActionAsync(mentor, program, await data.ColleagueAsync(), ActionKind.Coffee, new DateOnly(2026, 11, 23));

        var paths = new List<string>();
        for (var i = 0; i < 16; i++)
        {
            own.Clock.Advance(TimeSpan.FromDays(1));
            paths.Add((await own.RunAsync<SqliteBackupJob, string?>(job => job.RunAsync())).ShouldNotBeNull());
        }

        var folder = Path.Combine(own.DataDirectory, "backups");
        Directory.GetFiles(folder).Select(Path.GetFileName).Order().ShouldBe(paths.TakeLast(14).Select(Path.GetFileName).Order(), "the newest 14 are kept");
        (await SqliteBackupJob.IntegrityCheckAsync(paths[^1])).ShouldBe("ok");
        Directory.GetFiles(folder, "*.partial").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_documented_restore_brings_the_data_back_in_a_working_app()
    {
        string backup;
        string mentorEmail;
        await using (var original = new App())
        {
            var data = new TestData(original);
            var program = await data.ProgramAsync();
            var mentor = await data.MentorAsync(program);
            mentorEmail = mentor.Email;
            await data.ActionAsync(mentor, program, await data.ColleagueAsync("Restored Rosa"), ActionKind.Coffee, new DateOnly(2026, 11, 23));
            // Written while the app runs: the copy must hold what is still in the write-ahead log.
            var (exit, output) = await SignInTests.RunAppCommandAsync(original.DataDirectory, "backup");
            exit.ShouldBe(0, output);
            var written = System.Text.RegularExpressions.Regex.Match(output, @"Backup written: (\S+)").Groups[1].Value;
            File.Exists(written).ShouldBeTrue(output);
            // Carried off the machine, as a backup should be.
            backup = Path.Combine(Path.GetTempPath(), $"allyship-backup-{Guid.NewGuid():N}.db");
            File.Copy(written, backup);
        }

        // The operations guide's steps: a new machine (empty data folder), `restore <file>`, start.
        var restored = AppFixtureBase.NewDataDirectory();
        var (restoreExit, restoreOutput) = await SignInTests.RunAppCommandAsync(restored, "restore", backup);
        restoreExit.ShouldBe(0, restoreOutput);

        await using var app2 = new App(restored);
        (await app2.WithDbAsync(db => db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync())).ShouldBe(["ok"]);
        var mentor2 = await app2.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == mentorEmail));
        var browser = new Browser(app2.NewClient());
        (await browser.SignInAsync(mentorEmail, TestData.Password)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        var week = await browser.GetPageAsync("/week");
        week.QuerySelector(".action-list")!.TextContent.ShouldContain("Coffee with Restored Rosa");
        mentor2.ShouldNotBeNull();
        File.Delete(backup);
    }

    [Fact]
    public async Task Restore_refuses_while_the_app_is_running_and_changes_nothing()
    {
        await using var running = new App();
        var data = new TestData(running);
        var program = await data.ProgramAsync();
        var (backupExit, backupOutput) = await SignInTests.RunAppCommandAsync(running.DataDirectory, "backup");
        backupExit.ShouldBe(0, backupOutput);
        var backup = System.Text.RegularExpressions.Regex.Match(backupOutput, @"Backup written: (\S+)").Groups[1].Value;
        var later = await data.ProgramAsync(); // written after the backup, still in the live database (and its WAL)

        var (exit, output) = await SignInTests.RunAppCommandAsync(running.DataDirectory, "restore", backup);

        exit.ShouldBe(1, output);
        output.ShouldContain("is in use by a running Allyship: nothing was changed. Stop every instance first");
        (await running.WithDbAsync(db => db.Programs.CountAsync(p => p.Id == program.Id || p.Id == later.Id))).ShouldBe(2);
        File.Exists(running.DatabasePath + "-wal").ShouldBeTrue("the live write-ahead log is left alone");
    }

    [Fact]
    public async Task Restore_refuses_a_file_that_is_not_a_sound_database()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"not-a-backup-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(bad, "this is not SQLite");
        var (exit, output) = await SignInTests.RunAppCommandAsync(AppFixtureBase.NewDataDirectory(), "restore", bad);
        exit.ShouldBe(1);
        output.ShouldContain("nothing was changed");
    }
}
