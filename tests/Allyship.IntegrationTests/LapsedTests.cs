using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Features.Rollups;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace Allyship.IntegrationTests;

/// <summary>
/// Lapsed and active, one rule each (issue 32): the admin digest and the dashboard list the same lapsed mentors, after the
/// number of weeks the program sets; a paused week is neither active nor lapsed.
/// </summary>
public sealed class LapsedTests
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private sealed record Scenario(AppFixture App, PledgeProgram Program, TestUser Busy, TestUser Quiet, TestUser Returned, TestUser Holiday, TestUser Admin);

    /// <summary>
    /// A program from Monday 2 November 2026 (London); the weeks of 2, 9 and 16 November close on Monday 23 November.
    ///   Busy: a coffee every week.                                   idle run 0
    ///   Quiet: nothing, ever.                                        idle run 3
    ///   Returned: nothing on 2 Nov, paused all of 9 Nov, nothing on 16 Nov: the pause is skipped, not a reset. idle run 2
    ///   Holiday: a coffee on 2 and 9 Nov; paused all of 16 Nov and logged a shout-out anyway (neither active nor idle).
    /// </summary>
    private static async Task<Scenario> ScenarioAsync()
    {
        var app = new AppFixture();
        app.Clock.SetUtcNow(Utc(11, 2, 8));
        var data = new TestData(app);
        var program = await data.ProgramAsync(start: new DateOnly(2026, 11, 2));
        var (busy, quiet, returned, holiday) = (await data.MentorAsync(program), await data.MentorAsync(program), await data.MentorAsync(program), await data.MentorAsync(program));
        var colleague = await data.ColleagueAsync();
        foreach (var monday in new[] { new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 16) })
        {
            await data.ActionAsync(busy, program, colleague, ActionKind.Coffee, monday.AddDays(1));
        }

        await data.PauseAsync(returned, program, new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 15));
        await data.ActionAsync(holiday, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 3));
        await data.ActionAsync(holiday, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 10));
        await data.PauseAsync(holiday, program, new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22));
        await data.ActionAsync(holiday, program, colleague, ActionKind.ShoutOut, new DateOnly(2026, 11, 18));
        var admin = await data.UserAsync(Roles.ProgramAdmin);

        app.Clock.SetUtcNow(Utc(11, 23, 0, 30));
        await app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync());
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        app.Clock.SetUtcNow(Utc(11, 23, 12));
        return new Scenario(app, program, busy, quiet, returned, holiday, admin);
    }

    private static async Task<List<string>> DashboardLapsedAsync(Browser admin, PledgeProgram program) =>
        (await admin.GetPageAsync($"/admin/programs/{program.Id}?period=4")).QuerySelectorAll("#lapsed-list li").Select(li => li.TextContent).ToList();

    [Fact]
    public async Task The_digest_and_the_dashboard_list_the_same_lapsed_mentors_and_a_pause_is_skipped_not_a_reset()
    {
        var s = await ScenarioAsync();
        using var app = s.App;

        var digest = app.Smtp.To(s.Admin.Email).ShouldHaveSingleItem().TextBody!;
        digest.ShouldContain("Lapsed (nothing logged for 2 weeks or more): ");
        var listed = new[] { s.Busy, s.Quiet, s.Returned, s.Holiday }.Where(m => digest.Contains(m.Email, StringComparison.Ordinal)).ToList();
        listed.ShouldBe([s.Quiet, s.Returned]);
        // Holiday logged a shout-out in a paused week: thanks, not participation. Busy is the only active mentor of three counted.
        digest.ShouldContain("Participation: 1 of 3 logged something");

        var admin = await Browser.SignedInAsync(app, s.Admin);
        var dashboard = await DashboardLapsedAsync(admin, s.Program);
        dashboard.Count.ShouldBe(2);
        dashboard.ShouldContain(li => li.Contains(s.Quiet.Email));
        dashboard.ShouldContain(li => li.Contains(s.Returned.Email));
    }

    [Fact]
    public async Task An_admin_sets_after_how_many_weeks_a_mentor_counts_as_lapsed_on_the_program_form()
    {
        var s = await ScenarioAsync();
        using var app = s.App;
        var admin = await Browser.SignedInAsync(app, s.Admin);
        var edit = $"/admin/programs/{s.Program.Id}/edit";

        var refused = await admin.SubmitAsync(edit, "Save settings", new() { ["Input.LapsedAfterWeeks"] = "13" });
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(refused)).QuerySelector("#LapsedAfterWeeks-error")!.TextContent
            .ShouldBe("Enter a number of weeks from 1 to 12: after that many quiet weeks in a row a mentor counts as lapsed.");
        (await app.WithDbAsync(db => db.Programs.SingleAsync(p => p.Id == s.Program.Id))).LapsedAfterWeeks.ShouldBe(2);

        (await admin.SubmitAsync(edit, "Save settings", new() { ["Input.LapsedAfterWeeks"] = "3" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetPageAsync(edit)).QuerySelector("#lapsed-after")!.GetAttribute("value").ShouldBe("3");
        var dashboard = await DashboardLapsedAsync(admin, s.Program);
        dashboard.ShouldHaveSingleItem().ShouldContain(s.Quiet.Email); // Returned's two idle weeks are no longer enough
    }
}
