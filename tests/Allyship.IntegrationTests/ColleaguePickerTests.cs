using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;

namespace Allyship.IntegrationTests;

public sealed class ColleaguePickerTests
{
    [Fact]
    public async Task A_large_directory_is_searched_not_downloaded_whole()
    {
        await using var app = new AppFixture();
        var data = new TestData(app);
        var program = await data.ProgramAsync();
        var mentor = await data.MentorAsync(program);
        await app.WithDbAsync(db =>
        {
            for (var i = 0; i < MentorPrograms.InlineDirectoryLimit + 10; i++)
            {
                db.Colleagues.Add(new Colleague { Name = $"Person {i:D3}", Email = $"person{i}@example.com", Department = "Sales" });
            }

            db.Colleagues.Add(new Colleague { Name = "Zora Quinn", Email = "zora@example.com", Department = "Legal" });
            return db.SaveChangesAsync();
        });
        var supported = await data.ColleagueAsync(name: "Ada Supported");
        await data.ActionAsync(mentor, program, supported, ActionKind.Coffee, new DateOnly(2026, 11, 24));
        var browser = await Browser.SignedInAsync(app, mentor);

        var week = await browser.GetPageAsync("/week");
        week.QuerySelectorAll("#coffee-colleague option").Select(o => o.TextContent.Trim())
            .ShouldBe(["Choose a colleague…", "Ada Supported (Engineering)"]);
        week.QuerySelector("a[href^='/log/coffee']")!.TextContent.ShouldContain("Search it");

        var found = await browser.GetPageAsync($"/log/coffee?program={program.Id}&find=zora");
        found.QuerySelector("#coffee-colleague option[selected]")!.TextContent.ShouldBe("Zora Quinn (Legal)");

        var none = await browser.GetPageAsync($"/log/coffee?program={program.Id}&find=nobody-like-this");
        none.Body!.TextContent.ShouldContain("No one in the directory matches");
    }

    [Fact]
    public async Task A_small_directory_is_listed_whole_with_the_mentors_own_people_first()
    {
        await using var app = new AppFixture();
        var data = new TestData(app);
        var program = await data.ProgramAsync();
        var mentor = await data.MentorAsync(program);
        var mine = await data.ColleagueAsync(name: "Mine");
        await data.ColleagueAsync(name: "Other");
        await data.ActionAsync(mentor, program, mine, ActionKind.ShoutOut, new DateOnly(2026, 11, 24));

        var week = await (await Browser.SignedInAsync(app, mentor)).GetPageAsync("/week");
        week.QuerySelectorAll("#coffee-colleague optgroup").Select(g => g.GetAttribute("label")).ShouldBe(["People you support", "Everyone else"]);
        week.QuerySelectorAll("#coffee-colleague optgroup option").Select(o => o.TextContent).ShouldBe(["Mine (Engineering)", "Other (Engineering)"]);
    }
}
