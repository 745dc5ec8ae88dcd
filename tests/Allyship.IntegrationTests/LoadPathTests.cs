using System.Net;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// What keeps the busy pages fast (issue 19) without showing anything old: the week page read once and dropped by every
/// change it shows, the security-stamp check once per cookie and minute, writers queued rather than polling SQLite's lock.
/// </summary>
public sealed class LoadPathTests(FaultyApp app, ITestOutputHelper output) : IClassFixture<FaultyApp>, IDisposable
{
    private readonly TestData _data = new(app);

    public void Dispose() => app.Faults.Reset();

    [Fact]
    public async Task The_week_page_is_read_once_and_read_again_after_any_change_it_shows()
    {
        app.LogTo(output);
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync("Carla Cached");
        await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 24));
        var browser = await Browser.SignedInAsync(app, mentor);
        await browser.GetPageAsync("/week");

        // A second view within the minute runs no query of the week.
        app.Faults.Record();
        (await browser.GetPageAsync("/week")).QuerySelector("#minutes-done")!.TextContent.ShouldContain("30 of 36");
        app.Faults.Ran("FROM \"Actions\"").ShouldBe(0);

        // The mentor's own change through the app: the redirect's page and every later one show it.
        var form = new Dictionary<string, string?> { ["Input.ColleagueId"] = colleague.Id.ToString(), ["Input.OccurredOn"] = "2026-11-25", ["Input.Minutes"] = "5" };
        (await browser.SubmitAsync("/week", "Log shout-out", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetPageAsync("/week")).QuerySelector("#minutes-done")!.TextContent.ShouldContain("35 of 36");
        (await browser.GetPageAsync("/week")).QuerySelector("#minutes-done")!.TextContent.ShouldContain("35 of 36");

        // A bulk statement (no tracked entity, no mentor named) still drops it: the colleague renamed in the directory.
        await app.WithDbAsync(db => db.Colleagues.Where(c => c.Id == colleague.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Name, "Carla Renamed")));
        (await browser.GetPageAsync("/week")).Body!.TextContent.ShouldContain("Carla Renamed");

        // Another mentor's action (tracked, in a transaction) leaves this mentor's page cached; a bulk change to actions does not.
        var other = await _data.MentorAsync(program);
        await _data.ActionAsync(other, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 24));
        app.Faults.Record();
        await browser.GetPageAsync("/week");
        app.Faults.Ran("FROM \"Actions\"").ShouldBe(0);
        await app.WithDbAsync(db => db.Actions.Where(a => a.MentorId == mentor.Id && a.Kind == ActionKind.ShoutOut).ExecuteDeleteAsync());
        (await browser.GetPageAsync("/week")).QuerySelector("#minutes-done")!.TextContent.ShouldContain("30 of 36");

        // Time moves the page (a new week) even when nothing is written.
        app.Clock.Advance(TimeSpan.FromDays(5));
        (await (await Browser.SignedInAsync(app, mentor)).GetPageAsync("/week")).QuerySelector("#minutes-done")!.TextContent.ShouldContain("0 of 36 minutes");
    }

    [Fact]
    public async Task The_week_page_is_kept_as_rendered_for_its_own_mentor_until_something_it_shows_changes()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var other = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync("Rita Rendered");
        var browser = await Browser.SignedInAsync(app, mentor);
        var otherBrowser = await Browser.SignedInAsync(app, other);
        static async Task<string> Raw(Browser b) => await (await b.Client.GetAsync(new Uri("/week", UriKind.Relative))).Content.ReadAsStringAsync();

        // The first view sets the antiforgery cookie; the next two are the same bytes (a fresh render makes a new form token each time).
        await Raw(browser);
        var second = await Raw(browser);
        (await Raw(browser)).ShouldBe(second);
        var token = await browser.TokenFromAsync("/week");
        second.ShouldContain(token);

        // Another mentor gets her own page, never this one.
        await Raw(otherBrowser);
        var theirs = await Raw(otherBrowser);
        theirs.ShouldNotContain(token);

        // A change the page shows (here a colleague renamed, committed through the app's database) is on the very next view.
        await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 24));
        var after = await Raw(browser);
        after.ShouldNotBe(second);
        after.ShouldContain("30 of 36");

        // A new minute is a new page: the week's "today" and what is due move with the clock.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        (await Raw(browser)).ShouldNotBe(after);
    }

    [Fact]
    public async Task Logging_an_action_of_the_open_week_reads_the_colleague_once_makes_no_savepoint_and_reads_no_rollup_and_the_next_reads_no_enrolment()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync("Olga Once");
        var browser = await Browser.SignedInAsync(app, mentor);
        var week = await browser.GetPageAsync("/week"); // opened before recording: only the posts' queries are counted

        app.Faults.Record();
        (await browser.SubmitAsync(week, "/week", "Log coffee", new() { ["Input.ColleagueId"] = colleague.Id.ToString(), ["Input.OccurredOn"] = "2026-11-25" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The open week has no rollup to refresh (the job closes only ended weeks), and the picked colleague checked is the one attached.
        app.Faults.Ran("FROM \"WeeklyRollups\"").ShouldBe(0);
        app.Faults.Ran("FROM \"Colleagues\"").ShouldBe(1);
        (await app.WithDbAsync(db => db.Actions.Where(a => a.MentorId == mentor.Id).Select(a => a.Colleague.Name).SingleAsync())).ShouldBe("Olga Once");

        // One INSERT inside BEGIN and COMMIT: no savepoint around the save (a failed save fails the whole command), and
        // the colleague referred to by id, not written back.
        app.Faults.Ran("SAVEPOINT").ShouldBe(0);
        app.Faults.Ran("INSERT INTO \"Actions\"").ShouldBe(1);
        app.Faults.Ran("UPDATE \"Colleagues\"").ShouldBe(0);

        // The next log reads neither her nor the mentor's enrolment again: both are kept until they change (issue 19).
        // (The shout-out form of the same page: no page view in between to fill those caches instead.)
        app.Faults.Record();
        (await browser.SubmitAsync(week, "/week", "Log shout-out", new() { ["Input.ColleagueId"] = colleague.Id.ToString(), ["Input.OccurredOn"] = "2026-11-25" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        app.Faults.Ran("FROM \"Colleagues\"").ShouldBe(0);
        app.Faults.Ran("FROM \"Enrolments\"").ShouldBe(0);
        app.Faults.Ran("INSERT INTO \"Actions\"").ShouldBe(1);
    }

    [Fact]
    public async Task Writers_queue_for_the_database_and_every_one_of_many_crafted_posts_at_once_is_saved()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        var browser = await Browser.SignedInAsync(app, mentor);

        // A burst no page sends: 24 coffees at once, each its own submission.
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => browser.PostCraftedAsync("/log", new Dictionary<string, string?>
        {
            ["Input.ProgramId"] = program.Id.ToString(), ["Input.Kind"] = "Coffee", ["Input.ColleagueId"] = colleague.Id.ToString(),
            ["Input.OccurredOn"] = "2026-11-25", ["Input.Minutes"] = "30", ["Input.SubmissionId"] = Guid.NewGuid().ToString(),
        }, tokenFrom: "/week")));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Actions.CountAsync(a => a.MentorId == mentor.Id))).ShouldBe(24);

        // ADR 17: synchronous=NORMAL in WAL mode, and a 10,000-page log between checkpoints, on the app's SQLite
        // connections (PostgreSQL keeps its own settings).
        if (TestDatabase.IsPostgres)
        {
            return;
        }

        (await PragmaAsync("synchronous")).ShouldBe(1);
        (await PragmaAsync("wal_autocheckpoint")).ShouldBe(10_000);
    }

    private Task<int> PragmaAsync(string name) => app.WithDbAsync(async db =>
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    });
}
