using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Features.Rollups;
using Microsoft.EntityFrameworkCore;
using static Allyship.TestSupport.Moments;

namespace Allyship.IntegrationTests;

/// <summary>The dashboard's numbers against a small data set whose answers were worked out by hand (in the comments).</summary>
public sealed class DashboardTests
{
    private sealed record Scenario(AppFixture App, PledgeProgram Program, TestUser A, TestUser B, TestUser C, TestUser D, Browser Admin);

    /// <summary>
    /// Program from Monday 2 November 2026 (London). Mentors A and B in Engineering, C in Sales, D with no department,
    /// E left the program. A meets colleague 1, B colleague 2, C colleague 3.
    ///   week of 2 Nov:  A complete, B coffee only, C complete, D nothing
    ///   week of 9 Nov:  A complete, B complete, C coffee + shout-out, D nothing
    ///   week of 16 Nov: A complete, B nothing, C complete, D paused all week
    ///   week of 23 Nov (open, today Wednesday 25th): A coffee, C complete
    /// </summary>
    private static async Task<Scenario> ScenarioAsync()
    {
        var app = new AppFixture();
        app.Clock.SetUtcNow(Utc(2026, 11, 2, 8));
        var data = new TestData(app);
        var program = await data.ProgramAsync(start: new DateOnly(2026, 11, 2));
        var (a, b, c, d, e) = (await data.MentorAsync(program), await data.MentorAsync(program), await data.MentorAsync(program), await data.MentorAsync(program), await data.MentorAsync(program));
        await app.WithDbAsync(async db =>
        {
            foreach (var (user, dept) in new[] { (a, "Engineering"), (b, "Engineering"), (c, "Sales") })
            {
                (await db.Users.SingleAsync(u => u.Id == user.Id)).Department = dept;
            }

            (await db.Enrolments.SingleAsync(x => x.MentorId == e.Id)).Status = EnrolmentStatus.Left;
            return await db.SaveChangesAsync();
        });
        var (c1, c2, c3) = (await data.ColleagueAsync(), await data.ColleagueAsync(), await data.ColleagueAsync());

        async Task Complete(TestUser m, Colleague col, DateOnly monday)
        {
            foreach (var kind in new[] { ActionKind.Coffee, ActionKind.ShoutOut, ActionKind.SponsorNote })
            {
                await data.ActionAsync(m, program, col, kind, monday.AddDays(1));
            }
        }

        await Complete(a, c1, new(2026, 11, 2));
        await data.ActionAsync(b, program, c2, ActionKind.Coffee, new(2026, 11, 3));
        await Complete(c, c3, new(2026, 11, 2));
        await Complete(a, c1, new(2026, 11, 9));
        await Complete(b, c2, new(2026, 11, 9));
        await data.ActionAsync(c, program, c3, ActionKind.Coffee, new(2026, 11, 10));
        await data.ActionAsync(c, program, c3, ActionKind.ShoutOut, new(2026, 11, 10));
        await Complete(a, c1, new(2026, 11, 16));
        await Complete(c, c3, new(2026, 11, 16));
        await data.PauseAsync(d, program, new(2026, 11, 16), new(2026, 11, 22));
        await data.ActionAsync(a, program, c1, ActionKind.Coffee, new(2026, 11, 23));
        await Complete(c, c3, new(2026, 11, 23));

        app.Clock.SetUtcNow(Utc(2026, 11, 23, 0, 30)); // the weeks of 2, 9 and 16 November close
        await app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync());
        app.Clock.SetUtcNow(Utc(2026, 11, 25, 12));
        var admin = await Browser.SignedInAsync(app, await data.UserAsync(Roles.ProgramAdmin));
        return new Scenario(app, program, a, b, c, d, admin);
    }

    [Fact]
    public async Task A_program_that_has_not_started_and_has_nobody_says_so_and_what_to_do()
    {
        await using var app = new AppFixture();
        app.Clock.SetUtcNow(Utc(2026, 11, 25, 12));
        var data = new TestData(app);
        var program = await data.ProgramAsync(start: new DateOnly(2027, 1, 4));
        var admin = await Browser.SignedInAsync(app, await data.UserAsync(Roles.ProgramAdmin));

        var page = await admin.GetPageAsync($"/admin/programs/{program.Id}");
        page.QuerySelector("#not-started")!.TextContent.ShouldContain("starts on Monday 4 January 2027");
        page.QuerySelector("#no-mentors")!.TextContent.ShouldContain("Invite mentors");
        page.Body!.TextContent.ShouldNotContain("weeks of 4 Jan 2027 to", customMessage: "no backwards date range");
        page.QuerySelector("#lapsed")!.TextContent.ShouldContain("Nobody is enrolled yet");
        page.QuerySelector("#lapsed")!.TextContent.ShouldNotContain("Nobody has lapsed");
        page.QuerySelector("#completion-chart").ShouldBeNull(); // no blank chart: a sentence says when it fills
        page.QuerySelector("#no-chart").ShouldNotBeNull();
        page.QuerySelector("#spread-chart").ShouldBeNull();
        page.QuerySelector("#no-spread").ShouldNotBeNull();
    }

    [Fact]
    public async Task The_week_in_progress_is_cached_but_a_logged_action_shows_at_once()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var url = $"/admin/programs/{s.Program.Id}?period=4";
        (await s.Admin.GetPageAsync(url)).QuerySelector("#stat-active")!.TextContent.ShouldBe("2");

        // B logs a coffee through the form: the live numbers (cached between requests) are evicted by the commit.
        var b = await Browser.SignedInAsync(app, s.B);
        var colleague = await app.WithDbAsync(db => db.Colleagues.Select(c => c.Id).FirstAsync());
        (await b.SubmitAsync("/week", "Log coffee", new() { ["Input.ColleagueId"] = colleague.ToString(), ["Input.OccurredOn"] = "2026-11-25" }))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        (await s.Admin.GetPageAsync(url)).QuerySelector("#stat-active")!.TextContent.ShouldBe("3");
    }

    [Fact]
    public async Task The_dashboard_numbers_match_the_hand_counted_data_set()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var page = await s.Admin.GetPageAsync($"/admin/programs/{s.Program.Id}?period=4");

        page.QuerySelector("#stat-enrolled")!.TextContent.ShouldBe("4"); // E left
        page.QuerySelector("#stat-active")!.TextContent.ShouldBe("2"); // A and C this week
        page.QuerySelector("#stat-completion")!.TextContent.ShouldBe("47%"); // (2 + 2 + 2 + 1) complete of (4 + 4 + 3 + 4) counted = 7/15
        page.QuerySelector("#stat-minutes")!.TextContent.ShouldBe("347"); // 102 + 107 + 72 + 66
        page.QuerySelector("#stat-reach")!.TextContent.ShouldBe("3");

        var weeks = page.QuerySelectorAll("#weeks-table tbody tr")
            .Select(r => string.Join("|", r.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()))).ToList();
        weeks.ShouldBe(
        [
            "2 Nov 2026|2|4|50%|3|102",
            "9 Nov 2026|2|4|50%|3|107",
            "16 Nov 2026|2|3|67%|2|72", // D paused: not counted
            "23 Nov 2026 (live)|1|4|25%|2|66",
        ]);

        // Per action: mentor-weeks meeting the target / counted mentor-weeks (15).
        // Coffee: wk2 A,B,C; wk9 A,B,C; wk16 A,C; wk23 A,C = 10. Shout-out: 2 + 3 + 2 + 1 = 8. Sponsor note: 2 + 2 + 2 + 1 = 7.
        var kinds = page.QuerySelectorAll("#kinds-table tbody tr").Select(r => string.Join("|", r.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()))).ToList();
        kinds.ShouldBe(["Coffee (interpersonal)|67%|3", "Shout-out (public)|53%|3", "Sponsor note (systemic)|47%|3"]); // with the allyship level each one is

        // Engineering: 8 counted (A, B x 4 weeks), 4 complete, minutes A 36 x 3 + 30 and B 30 + 36 = 204;
        // Sales: 4 counted, 3 complete, 36 + 35 + 36 + 36 = 143; D: 3 counted, 0 complete.
        var departments = page.QuerySelectorAll("#departments-table tbody tr").Select(r => string.Join("|", r.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()))).ToList();
        departments.ShouldBe(["Engineering|2|50%|204", "Sales|1|75%|143", "No department|1|0%|0"]);

        var lapsed = page.QuerySelectorAll("#lapsed-list li").Select(li => li.TextContent).ToList();
        lapsed.ShouldHaveSingleItem().ShouldContain(s.D.Email);
        page.Body!.TextContent.ShouldNotContain("secret");
        page.QuerySelector("#completion-chart").ShouldNotBeNull();
        page.QuerySelector("#minutes-chart").ShouldNotBeNull("one axis per chart: minutes apart from completion");

        // The analysis's tables fold under their charts and numbers: the page opens on what needs the admin, not on rows.
        var fold = page.QuerySelector("#weeks-table")!.Closest("details");
        fold.ShouldNotBeNull();
        fold.HasAttribute("open").ShouldBeFalse();
        page.QuerySelector("main section")!.Id.ShouldBe("attention");
    }

    [Fact]
    public async Task A_nudge_queues_one_email_per_mentor_per_week()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var url = $"/admin/programs/{s.Program.Id}";
        var page = await s.Admin.GetPageAsync(url);
        // From the top of the page, where what needs the admin comes first.
        (await s.Admin.SubmitAsync(page, url, $"Nudge {s.D.Email}", within: "#attention")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await s.Admin.GetPageAsync(url);
        after.QuerySelector("#lapsed-list")!.TextContent.ShouldContain("Nudged this week");
        after.QuerySelector("#attention-lapsed")!.TextContent.ShouldContain("Nudged this week");

        // The same button again, from the page still open in another tab: no second email.
        (await s.Admin.SubmitAsync(page, url, $"Nudge {s.D.Email}", within: "#lapsed")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var emails = await app.WithDbAsync(db => db.Emails.AsNoTracking().Where(e => e.UserId == s.D.Id && e.DeduplicationKey.StartsWith("nudge:")).ToListAsync());
        emails.ShouldHaveSingleItem().Subject.ShouldContain("misses you");
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "mentor.nudge" && a.Target == s.D.Email))).ShouldBe(1);
    }

    [Fact]
    public async Task A_grace_week_edit_shows_on_the_dashboard_at_once()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var url = $"/admin/programs/{s.Program.Id}?period=4";
        (await s.Admin.GetPageAsync(url)).QuerySelectorAll("#weeks-table tbody tr")[2].TextContent.ShouldContain("67%"); // cached now

        var note = await app.WithDbAsync(db => db.Actions.SingleAsync(a => a.MentorId == s.C.Id && a.WeekStart == new DateOnly(2026, 11, 16) && a.Kind == ActionKind.SponsorNote));
        var mentor = await Browser.SignedInAsync(app, s.C);
        (await mentor.SubmitAsync($"/actions/{note.Id}/delete", "Delete it")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var row = (await s.Admin.GetPageAsync(url)).QuerySelectorAll("#weeks-table tbody tr")[2];
        string.Join("|", row.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim())).ShouldBe("16 Nov 2026|1|3|33%|2|71");
    }

    [Fact]
    public async Task A_custom_period_the_wrong_way_round_says_so()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var page = await s.Admin.GetPageAsync($"/admin/programs/{s.Program.Id}?period=custom&from=2026-11-20&to=2026-11-01");
        page.Body!.TextContent.ShouldContain("The end of the period can't be before its start.");
        var custom = await s.Admin.GetPageAsync($"/admin/programs/{s.Program.Id}?period=custom&from=2026-11-09&to=2026-11-15");
        custom.QuerySelectorAll("#weeks-table tbody tr").Length.ShouldBe(1);
    }
}
