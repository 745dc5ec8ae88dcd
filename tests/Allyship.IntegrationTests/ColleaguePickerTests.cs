using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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

    [Fact]
    public async Task A_directory_of_20000_imported_rows_is_found_by_typing_and_never_listed_whole()
    {
        await using var app = new AppFixture();
        var data = new TestData(app);
        var program = await data.ProgramAsync();
        var mentor = await data.MentorAsync(program);
        var admin = await Browser.SignedInAsync(app, await data.UserAsync(Roles.ProgramAdmin));

        // The directory as HR exports it: 20,000 rows, imported through the admin's own form.
        var csv = new StringBuilder("Name,Email,Department,Level\n");
        for (var i = 0; i < 19_999; i++)
        {
            csv.Append($"Person {i:D5},person{i:D5}@example.com,Dept {i % 40},Associate\n");
        }

        csv.Append("Zora Quinn,zora.quinn@example.com,Legal,Associate\n");
        var preview = await Browser.ParseAsync(await admin.SubmitAsync("/admin/colleagues/import", "Preview",
            files: new() { ["Upload"] = new("directory.csv", Encoding.UTF8.GetBytes(csv.ToString())) }));
        (await admin.SubmitAsync(preview, "/admin/colleagues/import", "Import", within: "form[action*='handler=Import']")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Colleagues.CountAsync())).ShouldBeGreaterThanOrEqualTo(20_000);

        var browser = await Browser.SignedInAsync(app, mentor);
        var week = await browser.GetPageAsync("/week");
        week.QuerySelectorAll("#coffee-colleague option").Length.ShouldBeLessThan(10, "a phone never downloads the directory");
        week.QuerySelector("#coffee-find")!.GetAttribute("data-colleague-find").ShouldBe("coffee"); // the type-ahead, shown by its script

        // What the type-ahead asks as she types (colleague-picker.js): the server searches name, email and department.
        using var found = JsonDocument.Parse(await browser.Client.GetStringAsync(new Uri("/log/coffee?handler=find&q=zora%20q", UriKind.Relative)));
        found.RootElement.EnumerateArray().Select(e => e.GetProperty("label").GetString()).ShouldBe(["Zora Quinn (Legal)"]);
        using var many = JsonDocument.Parse(await browser.Client.GetStringAsync(new Uri("/log/coffee?handler=find&q=person%201", UriKind.Relative)));
        many.RootElement.GetArrayLength().ShouldBe(MentorPrograms.SearchResultLimit);
        using var one = JsonDocument.Parse(await browser.Client.GetStringAsync(new Uri("/log/coffee?handler=find&q=z", UriKind.Relative)));
        one.RootElement.GetArrayLength().ShouldBe(0, "one letter is too little to search 20,000 people");

        // Without scripts: the search page finds her and the coffee is logged for her.
        var page = await browser.GetPageAsync($"/log/coffee?program={program.Id}&find=zora");
        Browser.ChosenColleague(page, "coffee").ShouldNotBeNull();
        (await browser.SubmitAsync(page, $"/log/coffee?program={program.Id}&find=zora", "Log coffee")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Actions.Select(a => a.Colleague.Name).SingleAsync())).ShouldBe("Zora Quinn");
    }
}
