using System.Net;
using System.Text.RegularExpressions;
using Allyship.Web.Data;
using Allyship.Web.Features.Sponsorship;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// Senior leaders in the directory: the sponsor-note form offers them and links a picked one by reference; the weekly
/// digest reaches each leader once across programs, never names a colleague who asked not to be named, and stops
/// from its own link. Each test has its own app and database.
/// </summary>
public sealed partial class LeaderDigestTests(ITestOutputHelper output)
{
    private static readonly DateOnly Week = new(2026, 11, 16);

    [GeneratedRegex(@"/colleague/stop/([A-Za-z0-9_-]+)")]
    private static partial Regex StopLink();

    private static Task<Colleague> LeaderAsync(AppFixture app, TestData data, string name, Action<Colleague>? configure = null) =>
        data.ColleagueAsync(name, department: "Leadership").ContinueWith(async t =>
        {
            var leader = t.Result;
            await app.WithDbAsync(async db =>
            {
                var row = await db.Colleagues.SingleAsync(c => c.Id == leader.Id);
                row.IsLeader = true;
                configure?.Invoke(row);
                return await db.SaveChangesAsync();
            });
            return leader;
        }).Unwrap();

    [Fact]
    public async Task The_sponsor_note_form_offers_the_directorys_leaders_and_links_a_picked_one_by_reference()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        var data = new TestData(app);
        var program = await data.ProgramAsync();
        var mentor = await data.MentorAsync(program);
        var amara = await data.ColleagueAsync("Amara Okafor");
        var dana = await LeaderAsync(app, data, "Dana Whitfield");
        await LeaderAsync(app, data, "Hidden Leader", c => c.NotNamed = true);
        await data.ColleagueAsync("Not A Leader");
        var browser = await Browser.SignedInAsync(app, mentor);

        var week = await browser.GetPageAsync("/week");
        var offered = week.QuerySelectorAll("#sponsor-note-leaders option").Select(o => o.GetAttribute("value")).ToList();
        offered.ShouldBe(["Dana Whitfield"]);
        week.QuerySelector("#sponsor-note-leader")!.GetAttribute("list").ShouldBe("sponsor-note-leaders");

        Task<HttpResponseMessage> LogNoteAsync(string leader) => browser.SubmitAsync("/week", "Log sponsor note", new()
        {
            ["Input.ColleagueId"] = amara.Id.ToString(), ["Input.OccurredOn"] = "2026-11-24", ["Input.SeniorLeader"] = leader, ["Input.Accomplishment"] = "Shipped billing",
        });
        (await LogNoteAsync("  dana whitfield ")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LogNoteAsync("the CTO")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LogNoteAsync("Hidden Leader")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var notes = await app.WithDbAsync(db => db.Actions.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.SeniorLeader, a.SeniorLeaderId }).ToListAsync());
        notes.Select(n => (n.SeniorLeader, n.SeniorLeaderId)).ShouldBe([("Dana Whitfield", (int?)dana.Id), ("the CTO", null), ("Hidden Leader", null)]);

        // Editing the note to someone typed by hand drops the reference.
        (await browser.SubmitAsync($"/actions/{notes[0].Id}/edit", "Save changes", new() { ["Input.SeniorLeader"] = "Someone else" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Actions.Where(a => a.Id == notes[0].Id).Select(a => a.SeniorLeaderId).SingleAsync())).ShouldBeNull();
    }

    [Fact]
    public async Task Each_leader_gets_one_digest_per_week_across_programs_without_unnamed_colleagues_and_can_stop_it()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero));
        var data = new TestData(app);
        var start = new DateOnly(2026, 11, 2);
        var london = await data.ProgramAsync(start: start);
        var newYork = await data.ProgramAsync("America/New_York", start);
        var morgan = await data.MentorAsync(london);
        var sam = await data.MentorAsync(newYork);
        var amara = await data.ColleagueAsync("Amara Okafor");
        var bea = await data.ColleagueAsync("Bea Santos", department: "Finance");
        var cara = await data.ColleagueAsync("Cara Lind");
        await app.WithDbAsync(db => db.Colleagues.Where(c => c.Id == cara.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.NotNamed, true)));
        var dana = await LeaderAsync(app, data, "Dana Whitfield");
        var eli = await LeaderAsync(app, data, "Eli Stone", c => c.EmailsStopped = true);

        async Task NoteAsync(TestUser mentor, PledgeProgram program, Colleague colleague, Colleague leader, string accomplishment, int day)
        {
            var note = await data.ActionAsync(mentor, program, colleague, ActionKind.SponsorNote, new DateOnly(2026, 11, day));
            await app.WithDbAsync(db => db.Actions.Where(a => a.Id == note.Id).ExecuteUpdateAsync(u => u
                .SetProperty(a => a.SeniorLeaderId, leader.Id).SetProperty(a => a.SeniorLeader, leader.Name).SetProperty(a => a.Accomplishment, accomplishment)));
        }

        await NoteAsync(morgan, london, amara, dana, "Shipped billing", 17);
        await NoteAsync(sam, newYork, amara, dana, "Led the incident review", 18);
        await NoteAsync(sam, newYork, bea, dana, "Closed the audit", 19);
        await NoteAsync(morgan, london, cara, dana, "CARA-SECRET win", 19);
        await NoteAsync(morgan, london, amara, eli, "Shipped billing", 19);
        await NoteAsync(morgan, london, bea, dana, "Next week's news", 24); // another week

        // Monday 00:30 UTC: over in London, not yet in New York: nothing is sent for the week yet.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 0, 30, 0, TimeSpan.Zero));
        (await app.RunAsync<LeaderDigestJob, LeaderDigestJob.Result>(job => job.RunAsync())).Week.ShouldBe(new DateOnly(2026, 11, 9));
        (await app.WithDbAsync(db => db.Emails.CountAsync(e => e.Kind == EmailKind.LeaderDigest))).ShouldBe(0);

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 5, 30, 0, TimeSpan.Zero));
        var result = await app.RunAsync<LeaderDigestJob, LeaderDigestJob.Result>(job => job.RunAsync());
        (result.Week, result.Leaders, result.Notes).ShouldBe((Week, 1, 3)); // Dana: Amara twice and Bea; Cara and Eli left out
        (await app.RunAsync<LeaderDigestJob, LeaderDigestJob.Result>(job => job.RunAsync())).Leaders.ShouldBe(0);
        (await app.RunAsync<LeaderDigestJob, LeaderDigestJob.Result>(job => job.SendAsync(new(Week), default))).Leaders.ShouldBe(0);
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());

        var digest = app.Smtp.To(dana.Email).ShouldHaveSingleItem();
        var text = digest.TextBody!;
        text.ShouldContain("mentors told you about:");
        text.ShouldContain("Amara Okafor (Engineering)");
        text.ShouldContain($"- Shipped billing (from {morgan.Email})");
        text.ShouldContain($"- Led the incident review (from {sam.Email})");
        text.ShouldContain("Bea Santos (Finance)");
        text.ShouldContain("stretch assignment");
        text.IndexOf("Amara Okafor", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("Bea Santos", StringComparison.Ordinal));
        text.ShouldNotContain("Cara");
        digest.HtmlBody!.ShouldNotContain("CARA-SECRET");
        text.ShouldNotContain("Next week's news");
        digest.Subject.ShouldBe("Mentors told you about 2 colleagues this week");
        digest.Headers["List-Unsubscribe"]!.ShouldContain("/colleague/stop/");
        app.Smtp.To(eli.Email).ShouldBeEmpty();

        // The one-click unsubscribe stops every program email to the leader.
        var token = StopLink().Match(text).Groups[1].Value;
        (await new Browser(app.NewClient()).OneClickUnsubscribeAsync($"/colleague/stop/{token}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.Colleagues.Where(c => c.Id == dana.Id).Select(c => c.EmailsStopped).SingleAsync())).ShouldBeTrue();
    }
}
