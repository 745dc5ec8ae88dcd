using System.Net;
using Allyship.Web.Data;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>My colleagues as the sponsorship hub: her page, its timeline, the six-week prompt and one-tap logging.</summary>
public sealed class ColleaguePageTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Fact]
    public async Task Her_page_shows_the_timeline_prompts_a_coffee_after_six_weeks_and_opens_the_log_forms_with_her_chosen()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow); // Wednesday 25 November 2026
        var program = await _data.ProgramAsync(start: new DateOnly(2026, 6, 1));
        var mentor = await _data.MentorAsync(program);
        var priya = await _data.ColleagueAsync(TestData.Unique("Priya"));
        await _data.ActionAsync(mentor, program, priya, ActionKind.Coffee, new DateOnly(2026, 9, 30), privateNotes: "secret-ish note");
        await _data.ActionAsync(mentor, program, priya, ActionKind.ShoutOut, new DateOnly(2026, 11, 18));
        var browser = await Browser.SignedInAsync(app, mentor);

        var list = await browser.GetPageAsync($"/colleagues?program={program.Id}");
        var link = list.QuerySelectorAll(".colleagues-table a").Single(a => a.TextContent == priya.Name).GetAttribute("href")!;
        link.ShouldBe($"/colleagues/{priya.Id}?program={program.Id}");

        var page = await browser.GetPageAsync(link);
        page.QuerySelector("h1")!.TextContent.ShouldBe(priya.Name);
        page.QuerySelectorAll("#timeline li").Select(li => li.QuerySelector(".timeline-date")!.TextContent).ShouldBe(["18 Nov 2026", "30 Sep 2026"]);
        page.QuerySelector("#coffee-prompt")!.TextContent.ShouldContain("was 8 weeks ago. Time for another?");
        page.Body!.TextContent.ShouldNotContain("secret-ish note"); // private notes stay on the action's own page
        var coffeeLink = page.QuerySelectorAll(".quick-log a").Single(a => a.TextContent == "Log a coffee").GetAttribute("href")!;
        coffeeLink.ShouldBe($"/log/coffee?program={program.Id}&colleague={priya.Id}");

        var form = await browser.GetPageAsync(coffeeLink);
        Browser.ChosenColleague(form, "coffee").ShouldBe(priya.Id.ToString());

        // A coffee within six weeks: no prompt.
        await _data.ActionAsync(mentor, program, priya, ActionKind.Coffee, new DateOnly(2026, 11, 23));
        (await browser.GetPageAsync(link)).QuerySelector("#coffee-prompt").ShouldBeNull();
    }

    [Fact]
    public async Task A_colleague_he_has_never_supported_has_no_page_for_him()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var other = await _data.MentorAsync(program);
        var theirs = await _data.ColleagueAsync();
        await _data.ActionAsync(other, program, theirs, ActionKind.Coffee, new DateOnly(2026, 11, 23));
        var browser = await Browser.SignedInAsync(app, mentor);
        (await browser.Client.GetAsync(new Uri($"/colleagues/{theirs.Id}?program={program.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
