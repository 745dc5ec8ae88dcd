using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Features.Rollups;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using static Allyship.TestSupport.Moments;

namespace Allyship.IntegrationTests;

/// <summary>Each test has its own app and database: the rollup job closes every program's weeks.</summary>
public sealed class RollupTests
{
    private sealed record Scenario(AppFixture App, PledgeProgram Program, TestUser Steady, TestUser Lapsed, TestUser OnHoliday, TestUser Admin, Colleague Colleague);

    /// <summary>
    /// A program that started Monday 2 November 2026 in London. Steady completes every week; Lapsed logged one coffee
    /// in the first week and nothing since; OnHoliday completed the first two weeks and paused for the third.
    /// </summary>
    private static async Task<Scenario> ScenarioAsync()
    {
        var app = new AppFixture();
        app.Clock.SetUtcNow(Utc(2026, 11, 2, 8));
        var data = new TestData(app);
        var program = await data.ProgramAsync(start: new DateOnly(2026, 11, 2));
        var steady = await data.MentorAsync(program);
        var lapsed = await data.MentorAsync(program);
        var holiday = await data.MentorAsync(program);
        var admin = await data.UserAsync(Roles.ProgramAdmin);
        var colleague = await data.ColleagueAsync(name: "Amara Okafor");
        foreach (var monday in new[] { new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 16) })
        {
            foreach (var kind in new[] { ActionKind.Coffee, ActionKind.ShoutOut, ActionKind.SponsorNote })
            {
                await data.ActionAsync(steady, program, colleague, kind, monday.AddDays(2));
                if (monday < new DateOnly(2026, 11, 16))
                {
                    await data.ActionAsync(holiday, program, colleague, kind, monday.AddDays(1));
                }
            }
        }

        await data.ActionAsync(lapsed, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 3));
        await data.PauseAsync(holiday, program, new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22));
        return new Scenario(app, program, steady, lapsed, holiday, admin, colleague);
    }

    /// <summary>The recurring jobs' runs; <paramref name="leased"/> false runs them without their leases, as two instances whose leases overlapped would.</summary>
    private static async Task RollupAndSendAsync(AppFixture app, bool leased = true)
    {
        await app.RunAsync<WeeklyRollupJob, int>(job => leased ? job.RunAsync() : job.CloseEndedWeeksAsync());
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => leased ? job.RunAsync() : job.DispatchAsync());
    }

    [Fact]
    public async Task When_a_week_closes_each_mentor_gets_a_rollup_and_a_summary_and_the_admin_a_digest()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;

        app.Clock.SetUtcNow(Utc(2026, 11, 22, 23, 59)); // Sunday 23:59 in London: the week of 16 November is still open
        await app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync());
        (await app.WithDbAsync(db => db.ClosedWeeks.Select(c => c.WeekStart).ToListAsync()))
            .ShouldBe([new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 9)]);
        await app.WithDbAsync(db => db.Emails.ExecuteDeleteAsync()); // this test is about the week of 16 November's mail

        app.Clock.SetUtcNow(Utc(2026, 11, 23, 0, 15)); // Monday 00:15 in London
        await RollupAndSendAsync(app);

        var rows = await app.WithDbAsync(db => db.WeeklyRollups.AsNoTracking().Where(r => r.WeekStart == new DateOnly(2026, 11, 16)).ToListAsync());
        rows.Count.ShouldBe(3);
        var steady = rows.Single(r => r.MentorId == s.Steady.Id);
        (steady.Coffees, steady.ShoutOuts, steady.SponsorNotes, steady.Minutes, steady.Complete, steady.Streak).ShouldBe((1, 1, 1, 36, true, 3));
        var holiday = rows.Single(r => r.MentorId == s.OnHoliday.Id);
        (holiday.Paused, holiday.Complete, holiday.Streak).ShouldBe((true, false, 2));
        var lapsed = rows.Single(r => r.MentorId == s.Lapsed.Id);
        (lapsed.Minutes, lapsed.Complete, lapsed.Streak).ShouldBe((0, false, 0));

        var summary = app.Smtp.To(s.Steady.Email).ShouldHaveSingleItem();
        summary.Subject.ShouldBe("Week complete: 36 minutes, streak 3");
        summary.TextBody!.ShouldContain("Colleagues: Amara Okafor");
        summary.TextBody!.ShouldContain("36 of 36 minutes (1 coffee, 1 shout-out and 1 sponsor note)"); // plurals right
        summary.TextBody!.ShouldContain("/week?program="); // the link opens that week, not History
        summary.TextBody!.ShouldContain("&week=2026-11-16");
        summary.Headers["List-Unsubscribe"]!.ShouldStartWith("<https://allyship.example.org/unsubscribe?token=");
        app.Smtp.To(s.Lapsed.Email).ShouldHaveSingleItem().TextBody!.ShouldContain("0 of 36 minutes");
        app.Smtp.To(s.OnHoliday.Email).ShouldBeEmpty(); // on holiday: no summary

        var digest = app.Smtp.To(s.Admin.Email).ShouldHaveSingleItem();
        digest.Subject!.ShouldContain("week of 16 Nov: 50% complete, 1 lapsed");
        digest.TextBody!.ShouldContain("Mentors enrolled: 3 (1 paused)");
        digest.TextBody!.ShouldContain("Completion: 1 of 2 completed the week (50%)");
        digest.TextBody!.ShouldContain($"Lapsed (nothing logged for 2 weeks or more): {s.Lapsed.Email}");
        digest.TextBody!.ShouldContain("?period=custom&from=2026-11-16&to=2026-11-22"); // the dashboard for that week
        digest.Headers["List-Unsubscribe"]!.ShouldStartWith("<https://allyship.example.org/unsubscribe?token=");
        digest.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
    }

    [Fact]
    public async Task Catching_up_after_an_outage_rolls_up_every_week_but_mails_only_the_last()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        app.Clock.SetUtcNow(Utc(2026, 11, 23, 1)); // first run ever: three weeks to close
        await RollupAndSendAsync(app);
        (await app.WithDbAsync(db => db.ClosedWeeks.CountAsync())).ShouldBe(3);
        app.Smtp.To(s.Steady.Email).ShouldHaveSingleItem().Subject.ShouldBe("Week complete: 36 minutes, streak 3");
    }

    [Fact]
    public async Task A_rollup_run_twice_writes_one_row_per_mentor_and_week_and_mails_once()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        app.Clock.SetUtcNow(Utc(2026, 11, 23, 1));
        await RollupAndSendAsync(app);
        await RollupAndSendAsync(app);
        await Task.WhenAll(RollupAndSendAsync(app, leased: false), RollupAndSendAsync(app, leased: false));

        (await app.WithDbAsync(db => db.WeeklyRollups.CountAsync())).ShouldBe(9); // 3 mentors x 3 closed weeks
        (await app.WithDbAsync(db => db.WeeklyRollups.GroupBy(r => new { r.MentorId, r.WeekStart }).CountAsync(g => g.Count() > 1))).ShouldBe(0);
        app.Smtp.To(s.Steady.Email).Count.ShouldBe(1);
        app.Smtp.To(s.Admin.Email).Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_edit_in_the_grace_week_updates_the_rollup_without_new_mail()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        app.Clock.SetUtcNow(Utc(2026, 11, 23, 1));
        await RollupAndSendAsync(app);
        var mailBefore = app.Smtp.Received.Count;
        mailBefore.ShouldBeGreaterThan(0, "the control: closing the week mailed its summaries, so the server sees what is sent");

        app.Clock.SetUtcNow(Utc(2026, 11, 24, 9)); // Tuesday: last week is still editable
        var browser = await Browser.SignedInAsync(app, s.Steady);
        var note = await app.WithDbAsync(db => db.Actions.SingleAsync(a => a.MentorId == s.Steady.Id && a.WeekStart == new DateOnly(2026, 11, 16) && a.Kind == ActionKind.SponsorNote));
        (await browser.SubmitAsync($"/actions/{note.Id}/delete", "Delete it")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var row = await app.WithDbAsync(db => db.WeeklyRollups.AsNoTracking().SingleAsync(r => r.MentorId == s.Steady.Id && r.WeekStart == new DateOnly(2026, 11, 16)));
        (row.SponsorNotes, row.Minutes, row.Complete, row.Streak).ShouldBe((0, 35, false, 0));

        // Logging it again (dated last week) restores the row.
        var form = new Dictionary<string, string?>
        {
            ["Input.ColleagueId"] = s.Colleague.Id.ToString(), ["Input.OccurredOn"] = "2026-11-20",
            ["Input.SeniorLeader"] = "Helen Park", ["Input.Accomplishment"] = "Her migration plan",
        };
        (await browser.SubmitAsync($"/week?program={s.Program.Id}", "Log sponsor note", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        row = await app.WithDbAsync(db => db.WeeklyRollups.AsNoTracking().SingleAsync(r => r.MentorId == s.Steady.Id && r.WeekStart == new DateOnly(2026, 11, 16)));
        (row.Complete, row.Streak).ShouldBe((true, 3));

        await RollupAndSendAsync(app);
        app.Smtp.Received.Count.ShouldBe(mailBefore);
    }

    [Fact]
    public async Task No_empty_digests()
    {
        await using var app = new AppFixture();
        app.Clock.SetUtcNow(Utc(2026, 11, 16, 8));
        var data = new TestData(app);
        var program = await data.ProgramAsync(start: new DateOnly(2026, 11, 16));
        var onlyMentor = await data.MentorAsync(program);
        await data.PauseAsync(onlyMentor, program, new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 29));
        await data.ProgramAsync(start: new DateOnly(2026, 11, 16)); // nobody enrolled at all
        var admin = await data.UserAsync(Roles.ProgramAdmin);

        app.Clock.SetUtcNow(Utc(2026, 11, 23, 1));
        await RollupAndSendAsync(app);
        (await app.WithDbAsync(db => db.ClosedWeeks.CountAsync())).ShouldBe(2);
        app.Smtp.To(admin.Email).ShouldBeEmpty();
        app.Smtp.To(onlyMentor.Email).ShouldBeEmpty();

        // The control: back from her pause, her next week closes with her summary and the admin's digest.
        app.Clock.SetUtcNow(Utc(2026, 12, 7, 1));
        await RollupAndSendAsync(app);
        app.Smtp.To(onlyMentor.Email).ShouldHaveSingleItem();
        app.Smtp.To(admin.Email).ShouldHaveSingleItem();
    }
}
