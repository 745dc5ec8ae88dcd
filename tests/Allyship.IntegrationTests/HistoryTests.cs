using Allyship.Web.Data;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

public sealed class HistoryTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private async Task CompleteWeekAsync(TestUser mentor, PledgeProgram program, Colleague colleague, DateOnly monday)
    {
        foreach (var kind in new[] { ActionKind.Coffee, ActionKind.ShoutOut, ActionKind.SponsorNote })
        {
            await _data.ActionAsync(mentor, program, colleague, kind, monday.AddDays(1));
        }
    }

    [Fact]
    public async Task History_shows_each_week_and_streaks_that_skip_paused_weeks()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow); // open week: Monday 23 November
        var program = await _data.ProgramAsync(start: new DateOnly(2026, 10, 12));
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();

        // 12 Oct, 19 Oct complete; 26 Oct incomplete (coffee only); 2 Nov, 9 Nov complete; 16 Nov paused; 23 Nov open.
        await CompleteWeekAsync(mentor, program, colleague, new DateOnly(2026, 10, 12));
        await CompleteWeekAsync(mentor, program, colleague, new DateOnly(2026, 10, 19));
        await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 10, 27));
        await CompleteWeekAsync(mentor, program, colleague, new DateOnly(2026, 11, 2));
        await CompleteWeekAsync(mentor, program, colleague, new DateOnly(2026, 11, 9));
        await _data.PauseAsync(mentor, program, new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22));

        var browser = await Browser.SignedInAsync(app, mentor);
        var page = await browser.GetPageAsync("/history");
        page.QuerySelector("#current-streak")!.TextContent.ShouldBe("2");
        page.QuerySelector("#best-streak")!.TextContent.ShouldBe("2");
        var rows = page.QuerySelectorAll(".history-table tbody tr");
        rows.Length.ShouldBe(7);
        rows.Select(r => r.QuerySelector(".state-pill")!.TextContent)
            .ShouldBe(["In progress", "Paused", "Complete", "Complete", "Incomplete", "Complete", "Complete"]);
        rows[4].TextContent.ShouldContain("30 of 36 minutes");

        // Completing the open week extends the streak straight away.
        await CompleteWeekAsync(mentor, program, colleague, new DateOnly(2026, 11, 23));
        page = await browser.GetPageAsync("/history");
        page.QuerySelector("#current-streak")!.TextContent.ShouldBe("3");
        (await browser.GetPageAsync("/week")).Body!.TextContent.ShouldContain("3 complete weeks in a row");
    }

    [Fact]
    public async Task My_colleagues_lists_the_last_date_of_each_kind()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var amara = await _data.ColleagueAsync(name: "Amara " + TestData.Unique("x"));
        var beth = await _data.ColleagueAsync(name: "Beth " + TestData.Unique("x"));
        await _data.ActionAsync(mentor, program, amara, ActionKind.Coffee, new DateOnly(2026, 11, 2));
        await _data.ActionAsync(mentor, program, amara, ActionKind.Coffee, new DateOnly(2026, 11, 16));
        await _data.ActionAsync(mentor, program, amara, ActionKind.SponsorNote, new DateOnly(2026, 11, 10));
        await _data.ActionAsync(mentor, program, beth, ActionKind.ShoutOut, new DateOnly(2026, 11, 24));
        var someoneElses = await _data.MentorAsync(program);
        await _data.ActionAsync(someoneElses, program, await _data.ColleagueAsync(name: "Not mine"), ActionKind.Coffee, new DateOnly(2026, 11, 24));

        var page = await (await Browser.SignedInAsync(app, mentor)).GetPageAsync("/colleagues");
        var rows = page.QuerySelectorAll(".colleagues-table tbody tr")
            .Select(r => r.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        rows.Count.ShouldBe(2);
        rows[0][0].ShouldStartWith(beth.Name);
        rows[0][1..].ShouldBe(["—", "24 Nov 2026", "—", "1"]);
        rows[1][0].ShouldStartWith(amara.Name);
        rows[1][1..].ShouldBe(["16 Nov 2026", "—", "10 Nov 2026", "3"]);
    }

    [Fact]
    public async Task A_past_week_can_be_opened_from_history_read_only()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        await _data.ActionAsync(mentor, program, await _data.ColleagueAsync(), ActionKind.Coffee, new DateOnly(2026, 11, 3));
        var page = await (await Browser.SignedInAsync(app, mentor)).GetPageAsync($"/week?program={program.Id}&week=2026-11-02");
        page.QuerySelector("#minutes-done")!.TextContent.ShouldContain("30 of 36 minutes");
        page.QuerySelectorAll("form.action-form").Length.ShouldBe(0);
        page.QuerySelectorAll(".action-list a.btn").Length.ShouldBe(0);
    }
}
