using System.Net;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>The spread of sponsorship against a hand-computed data set, on the dashboard and in HR's Spread sheet.</summary>
public sealed class SpreadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_dashboard_and_the_spread_sheet_show_the_hand_computed_spread_and_the_overlooked_respect_consent_and_levels()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        var data = new TestData(app);
        var program = await data.ProgramAsync(start: new DateOnly(2026, 10, 5), configure: p => p.TargetLevels = "Associate, Analyst");
        var mentor = await data.MentorAsync(program);
        async Task<Colleague> ColleagueAsync(string name, string level, bool notNamed = false)
        {
            var c = await data.ColleagueAsync(name);
            await app.WithDbAsync(db => db.Colleagues.Where(x => x.Id == c.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Level, level).SetProperty(x => x.NotNamed, notNamed)));
            return c;
        }

        var a = await ColleagueAsync("Ada Associate", "Associate");
        var b = await ColleagueAsync("Bea Associate", "Associate");
        var c = await ColleagueAsync("Cy Analyst", "Analyst");
        var d = await ColleagueAsync("Dee Unnamed", "Analyst", notNamed: true);
        var f = await ColleagueAsync("Fay Senior", "Senior Manager");
        var g = await ColleagueAsync("Gia Associate", "Associate");
        var h = await ColleagueAsync("Hal Analyst", "Analyst");

        // Hand-computed, last 4 weeks: sponsor notes A 5, B 2, C 1; shout-outs A 2, C 1; coffees F and H.
        //   reached: A, B, C, F, H (n = 5); sponsor notes sorted [0, 0, 1, 2, 5], total 8:
        //   Gini = 2·(3·1 + 4·2 + 5·5) / (5·8) − 6/5 = 72/40 − 1.2 = 0.60; top 10% = ceil(0.5) = 1 colleague: 5/8 = 63%;
        //   shout-outs [2, 1, 0, 0, 0]: top 1 = 2/3 = 67%.
        //   target levels (Associate, Analyst), present and named: A, B, C, G, H = 5, reached A, B, C, H = 4.
        //   overlooked (no shout-out, no sponsor note in 12 weeks): G and H; never D (asked not to be named), never F (not a target level).
        var day = new DateOnly(2026, 11, 10);
        foreach (var (who, kind, times) in new[] { (a, ActionKind.SponsorNote, 5), (b, ActionKind.SponsorNote, 2), (c, ActionKind.SponsorNote, 1),
                     (a, ActionKind.ShoutOut, 2), (c, ActionKind.ShoutOut, 1), (f, ActionKind.Coffee, 1), (h, ActionKind.Coffee, 1) })
        {
            for (var i = 0; i < times; i++)
            {
                await data.ActionAsync(mentor, program, who, kind, day.AddDays(i % 14));
            }
        }

        var admin = await Browser.SignedInAsync(app, await data.UserAsync(Roles.ProgramAdmin));
        var page = await admin.GetPageAsync($"/admin/programs/{program.Id}?period=4");
        string Stat(string id) => page.QuerySelector(id)!.TextContent.Trim();
        (Stat("#stat-spread-reached"), Stat("#stat-top-tenth"), Stat("#stat-gini"), Stat("#stat-target-reached")).ShouldBe(("5", "63%", "0.60", "4/5"));
        page.QuerySelectorAll("#spread-table tbody tr").Select(r => r.GetAttribute("data-colleagues")).ShouldBe(["2", "1", "1", "1", "0"]);
        var overlooked = page.QuerySelector("#overlooked-list")!.TextContent;
        overlooked.ShouldContain("Gia Associate");
        overlooked.ShouldContain("Hal Analyst");
        overlooked.ShouldNotContain("Dee");
        overlooked.ShouldNotContain("Fay");
        overlooked.ShouldNotContain("Ada");

        var hr = await Browser.SignedInAsync(app, await data.UserAsync(Roles.HR));
        var sheet = (await hr.Client.GetStringAsync(new Uri($"/reports/download?quarter=FY2026-Q4&program={program.Id}&format=csv&sheet=spread", UriKind.Relative)))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        sheet.ShouldContain("Colleagues reached,Any action,5");
        sheet.ShouldContain("\"Share to the top 10% of colleagues reached, %\",Sponsor notes,63");
        sheet.ShouldContain("\"Share to the top 10% of colleagues reached, %\",Shout-outs,67");
        sheet.ShouldContain("\"Gini coefficient (0 even, 1 all to one)\",Sponsor notes,0.60");
        sheet.ShouldContain("\"Target levels (Associate, Analyst)\",Reached,4");

        // Only HR downloads it; only program admins see the dashboard.
        (await admin.Client.GetAsync(new Uri($"/reports/download?quarter=FY2026-Q4&program={program.Id}&format=csv&sheet=spread", UriKind.Relative))).StatusCode
            .ShouldBe(HttpStatusCode.Forbidden);
        var mentorBrowser = await Browser.SignedInAsync(app, mentor);
        (await mentorBrowser.Client.GetAsync(new Uri($"/admin/programs/{program.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_admin_suggests_an_overlooked_colleague_from_the_top_of_the_dashboard_and_a_mentor_of_her_department_sees_her_first()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        var data = new TestData(app);
        var program = await data.ProgramAsync(start: new DateOnly(2026, 10, 5));
        var busy = await data.MentorAsync(program);
        var free = await data.MentorAsync(program);
        var sales = await data.MentorAsync(program);
        foreach (var (who, department) in new[] { (busy, "Engineering"), (free, "Engineering"), (sales, "Sales") })
        {
            await app.WithDbAsync(db => db.Users.Where(u => u.Id == who.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Department, department)));
        }

        var gia = await data.ColleagueAsync("Gia Associate");
        var other = await data.ColleagueAsync("Ola Other");
        await app.WithDbAsync(db => db.Colleagues.Where(x => x.Id == gia.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Department, "Engineering")));
        await data.ActionAsync(busy, program, other, ActionKind.SponsorNote, new DateOnly(2026, 11, 10)); // the busier of the two engineers

        var admin = await Browser.SignedInAsync(app, await data.UserAsync(Roles.ProgramAdmin));
        var url = $"/admin/programs/{program.Id}?period=4";
        var page = await admin.GetPageAsync(url);
        page.QuerySelector("main section")!.Id.ShouldBe("attention", "what needs the admin comes first");
        page.QuerySelector("#attention-overlooked")!.TextContent.ShouldContain("Gia Associate");

        var sent = await admin.SubmitAsync(page, url, "Suggest to a mentor: Gia Associate", within: "#attention");
        sent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await admin.GetPageAsync(sent.Headers.Location!.OriginalString);
        after.QuerySelector("[role=status], .alert")!.TextContent.ShouldContain($"Suggested Gia Associate to {free.Email} (Engineering)");
        after.QuerySelector("#attention-overlooked")!.TextContent.ShouldContain($"Suggested to {free.Email}");
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "colleague.suggest" && a.Target == gia.Email))).ShouldBe(1);

        // The same form sent again (a double click, a second admin): no second mentor is asked.
        (await admin.SubmitAsync(page, url, "Suggest to a mentor: Gia Associate", within: "#attention")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.TeamSuggestions.CountAsync(t => t.ColleagueId == gia.Id))).ShouldBe(1);

        // The chosen mentor's This week names her first, as the team's suggestion; the others' don't.
        var week = await (await Browser.SignedInAsync(app, free)).GetPageAsync($"/week?program={program.Id}");
        var first = week.QuerySelector("#suggestions li")!;
        first.TextContent.ShouldContain("Gia Associate");
        first.TextContent.ShouldContain("suggested by your program team");
        (await (await Browser.SignedInAsync(app, busy)).GetPageAsync($"/week?program={program.Id}")).QuerySelector("#suggestions")?.TextContent
            .ShouldNotContain("suggested by your program team");

        // Once he gives her a sponsor note, the team's suggestion has done its work.
        await data.ActionAsync(free, program, gia, ActionKind.SponsorNote, new DateOnly(2026, 11, 24));
        (await (await Browser.SignedInAsync(app, free)).GetPageAsync($"/week?program={program.Id}")).QuerySelector("#suggestions")?.TextContent
            .ShouldNotContain("suggested by your program team");
    }

    [Fact]
    public async Task Mentors_are_shown_overlooked_colleagues_of_their_department_first_and_a_word_after_eight_weeks_of_one_name()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        var data = new TestData(app);
        var program = await data.ProgramAsync(start: new DateOnly(2026, 9, 7), configure: p => { p.TargetLevels = "Associate"; p.SuggestColleagues = true; });
        var mentor = await data.MentorAsync(program);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == mentor.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Department, "Sales")));
        async Task<Colleague> ColleagueAsync(string name, string level, string department, bool notNamed = false, bool stopped = false)
        {
            var c = await data.ColleagueAsync(name, department: department);
            await app.WithDbAsync(db => db.Colleagues.Where(x => x.Id == c.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.Level, level).SetProperty(x => x.NotNamed, notNamed).SetProperty(x => x.EmailsStopped, stopped)));
            return c;
        }

        await ColleagueAsync("Eve Engineering", "Associate", "Engineering");
        await ColleagueAsync("Sam Sales", "Associate", "Sales");
        await ColleagueAsync("Nia Unnamed", "Associate", "Sales", notNamed: true);
        await ColleagueAsync("Oli Optedout", "Associate", "Sales", stopped: true);
        await ColleagueAsync("Xan Senior", "Director", "Sales");
        var sponsored = await ColleagueAsync("Pia Sponsored", "Associate", "Sales");

        // Eight weeks in a row, every sponsor note to Pia.
        for (var week = new DateOnly(2026, 9, 28); week < new DateOnly(2026, 11, 23); week = week.AddDays(7))
        {
            await data.ActionAsync(mentor, program, sponsored, ActionKind.SponsorNote, week.AddDays(1));
        }

        var browser = await Browser.SignedInAsync(app, mentor);
        var page = await browser.GetPageAsync($"/week?program={program.Id}");
        page.QuerySelectorAll("#suggestions li strong").Select(e => e.TextContent).ShouldBe(["Sam Sales", "Eve Engineering"]);
        page.QuerySelector("#widen-hint")!.TextContent.ShouldContain("Pia Sponsored");

        // Each suggestion is a tap: it opens the sponsor-note form with her chosen, and the note is logged through it.
        var sam = await app.WithDbAsync(db => db.Colleagues.SingleAsync(c => c.Name == "Sam Sales"));
        var link = page.QuerySelectorAll("#suggestions li a").First(a => a.TextContent.Contains("Sam Sales", StringComparison.Ordinal)).GetAttribute("href")!;
        var form = await browser.GetPageAsync(link);
        Browser.ChosenColleague(form, "sponsor-note").ShouldBe(sam.Id.ToString());
        (await browser.SubmitAsync(form, link, "Log sponsor note", new() { ["Input.SeniorLeader"] = "Helen Park", ["Input.Accomplishment"] = "Her pricing study" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Actions.CountAsync(a => a.ColleagueId == sam.Id && a.Kind == ActionKind.SponsorNote))).ShouldBe(1);

        // Off by default: a program that does not suggest shows nothing.
        await app.WithDbAsync(db => db.Programs.Where(p => p.Id == program.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.SuggestColleagues, false)));
        (await browser.GetPageAsync($"/week?program={program.Id}")).QuerySelector("#suggestions").ShouldBeNull();
    }
}
