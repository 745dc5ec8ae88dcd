using System.Net;
using System.Security.Cryptography;
using System.Text;
using Allyship.Web.Features.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Allyship.IntegrationTests;

public sealed class DemoDataTests
{
    [Fact]
    public async Task Development_seeds_a_demo_the_mentor_can_use_at_once()
    {
        await using var app = new DemoApp();
        var browser = new Browser(app.NewClient());
        (await browser.SignInAsync(DemoSeeder.MentorEmail, DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var week = await browser.GetPageAsync("/week");
        week.QuerySelector("#minutes-done")!.TextContent.ShouldContain("0 of 36 minutes");
        week.QuerySelectorAll("#coffee-colleague option").Length.ShouldBe(20); // 19 colleagues and the prompt: the 20th asked not to be named
        week.QuerySelectorAll("#sponsor-note-leaders option").Length.ShouldBe(Allyship.Web.Features.Demo.DemoText.LeaderNames.Length);
        // Last week's sponsor notes named directory leaders: the digest job has a week to send on first start.
        var digest = await app.RunAsync<Allyship.Web.Features.Sponsorship.LeaderDigestJob, Allyship.Web.Features.Sponsorship.LeaderDigestJob.Result>(j => j.RunAsync());
        (await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Emails, e => e.Kind == Allyship.Web.Data.EmailKind.LeaderDigest)))
            .ShouldBeGreaterThan(0, $"digest run: {digest}");

        var history = await browser.GetPageAsync("/history");
        history.QuerySelectorAll(".history-table tbody tr").Length.ShouldBe(DemoSeeder.DemoWeeks + 1); // half a year of history and this week
        // Of the last 12 weeks, 1-3 complete, 4 missed a sponsor note, 7 a holiday: 5, 6 and 8-12 make a streak of 7.
        history.QuerySelector("#current-streak")!.TextContent.ShouldBe("7");
        history.QuerySelectorAll(".history-table .state-incomplete").Length.ShouldBe(1);
        history.QuerySelectorAll(".history-table .state-paused").Length.ShouldBe(1);
        // On a phone, a row per week that keeps her voice: what colleagues confirmed, and what didn't happen.
        history.QuerySelectorAll(".history-compact li").Length.ShouldBe(DemoSeeder.DemoWeeks + 1);
        history.QuerySelectorAll(".history-compact .hc-badge.is-confirmed").Length.ShouldBeGreaterThan(0);
        history.QuerySelector(".history-compact .hc-badge.is-denied")!.TextContent.ShouldContain("didn't happen");
        history.QuerySelector(".history-table")!.TextContent.ShouldContain("confirmed");
        history.QuerySelector(".history-table")!.TextContent.ShouldContain("not recognised");
        var twoWeeksAgo = (await browser.GetPageAsync($"/week?week={DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-14):yyyy-MM-dd}")).Body!.TextContent;
        twoWeeksAgo.ShouldContain(DemoSeeder.DemoSharedComment);
        // A past week shows that week's streak: the week after the missed sponsor note (8 weeks ago) started a new one.
        var eightWeeksAgo = (await browser.GetPageAsync($"/week?week={DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-56):yyyy-MM-dd}")).Body!.TextContent;
        eightWeeksAgo.ShouldContain("Streak: 1 complete week in a row");

        // The admin's dashboard shows the colleague's voice on first start: a confirmation rate and the pulse's gap.
        var admin = new Browser(app.NewClient());
        (await admin.SignInAsync(DemoSeeder.AdminEmail, DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var programId = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Programs.Select(p => p.Id)));
        var dashboard = await admin.GetPageAsync($"/admin/programs/{programId}");
        dashboard.QuerySelector("#stat-confirmation")!.TextContent.ShouldEndWith("%");
        dashboard.QuerySelector("#stat-gap")!.TextContent.ShouldEndWith("pts");
        dashboard.QuerySelectorAll("#overlooked-list li").Length.ShouldBeGreaterThan(0); // the uneven demo spread leaves someone out
        dashboard.QuerySelector("#stat-gini")!.TextContent.ShouldNotBe("0.00");
        dashboard.QuerySelectorAll("#lapsed-list li").Length.ShouldBe(1); // the mentor who drifted away three weeks ago, rolled up or not
        (await admin.GetPageAsync("/concerns")).QuerySelectorAll("#concerns-table tbody tr").Length.ShouldBe(2); // a new one, and one in progress
        var handledId = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Concerns.Where(c => c.State == Allyship.Web.Data.ConcernState.InProgress).Select(c => c.Id)));
        var handled = await admin.GetPageAsync($"/concerns/{handledId}");
        handled.QuerySelector("#concern-owner")!.TextContent.ShouldBe("Harriet HR");
        handled.QuerySelectorAll("#concern-entries li").Length.ShouldBe(2); // a note and a reply
        (await admin.GetPageAsync("/admin/colleagues")).Body!.TextContent.ShouldContain("No emails · not named");

        (await new Browser(app.NewClient()).SignInAsync(DemoSeeder.HrEmail, DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    [Trait("Category", "SqliteOnly")]
    public async Task The_database_runs_in_write_ahead_log_mode()
    {
        await using var app = new AppFixture();
        _ = app.Services; // starts the app, which migrates the database
        using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        command.ExecuteScalar().ShouldBe("wal");
    }

    [Fact]
    public async Task Seed_demo_bulk_inserts_into_this_database()
    {
        await using var app = new AppFixture();
        _ = app.Services;
        var run = await SignInTests.RunAppCommandAsync(app, "seed-demo", "--mentors", "20", "--weeks", "3", "--seed", "3");
        run.Exit.ShouldBe(0, run.Output);
        (await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Actions))).ShouldBeGreaterThan(20);
    }

    [Fact]
    public async Task Seed_demo_fills_a_database_deterministically()
    {
        await using var first = new AppFixture();
        await using var second = new AppFixture();
        var run1 = await SignInTests.RunAppCommandAsync(first, "seed-demo", "--mentors", "40", "--weeks", "6", "--seed", "7");
        var run2 = await SignInTests.RunAppCommandAsync(second, "seed-demo", "--mentors", "40", "--weeks", "6", "--seed", "7");
        run1.Exit.ShouldBe(0, run1.Output);
        run2.Exit.ShouldBe(0, run2.Output);
        run1.Output.ShouldContain("Done: 40 mentors");

        var (count1, hash1) = await FingerprintAsync(first);
        var (count2, hash2) = await FingerprintAsync(second);
        count1.ShouldBeGreaterThan(40 * 6); // a plausible history: on average more than one action a week each
        count2.ShouldBe(count1);
        hash2.ShouldBe(hash1);

        // A second run into the same database is refused rather than doubling the data.
        var again = await SignInTests.RunAppCommandAsync(first, "seed-demo", "--mentors", "40", "--weeks", "6", "--seed", "7");
        again.Exit.ShouldBe(1);
        again.Output.ShouldContain("already holds seeded mentors");
    }

    private static async Task<(int Count, string Hash)> FingerprintAsync(AppFixtureBase app)
    {
        var rows = await app.WithDbAsync(db => db.Actions.AsNoTracking().OrderBy(a => a.Id)
            .Select(a => new { a.Kind, a.MentorId, a.Colleague!.Email, a.WeekStart, a.OccurredOn, a.Minutes, Text = a.Topics ?? a.Achievement ?? a.Accomplishment })
            .ToListAsync());
        var text = string.Join("\n", rows.Select(r => $"{r.Kind}|{r.MentorId}|{r.Email}|{r.WeekStart:yyyy-MM-dd}|{r.OccurredOn:yyyy-MM-dd}|{r.Minutes}|{r.Text}"));
        return (rows.Count, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }
}
