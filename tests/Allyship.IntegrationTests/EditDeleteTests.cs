using System.Net;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

public sealed class EditDeleteTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private async Task<(PledgeProgram Program, TestUser Mentor, Browser Browser, Colleague Colleague)> MentorAsync()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        return (program, mentor, await Browser.SignedInAsync(app, mentor), await _data.ColleagueAsync());
    }

    private Task<PledgeAction?> FindAsync(int id) =>
        app.WithDbAsync(db => db.Actions.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id));

    /// <summary>What the mentor changes on the edit form.</summary>
    private static Dictionary<string, string?> EditForm(string minutes, string date) => new() { ["Input.OccurredOn"] = date, ["Input.Minutes"] = minutes };

    /// <summary>A whole edit body, for the crafted posts to an action whose page offers no form.</summary>
    private static Dictionary<string, string?> CraftedEdit(PledgeAction a, string minutes, string date) => new()
    {
        ["Input.ProgramId"] = a.ProgramId.ToString(), ["Input.Kind"] = a.Kind.ToString(), ["Input.ColleagueId"] = a.ColleagueId.ToString(),
        ["Input.OccurredOn"] = date, ["Input.Minutes"] = minutes,
    };

    [Fact]
    public async Task A_mentor_edits_an_action_of_the_open_week()
    {
        var (program, mentor, browser, colleague) = await MentorAsync();
        var action = await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 24));
        app.Clock.Advance(TimeSpan.FromHours(1));

        var form = EditForm("45", "2026-11-23");
        form["Input.PrivateNotes"] = "Follow up on the stretch role.";
        var response = await browser.SubmitAsync($"/actions/{action.Id}/edit", "Save changes", form);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var saved = (await FindAsync(action.Id))!;
        saved.Minutes.ShouldBe(45);
        saved.OccurredOn.ShouldBe(new DateOnly(2026, 11, 23));
        app.ReadNote(saved.PrivateNotes).ShouldBe("Follow up on the stretch role.");
        saved.UpdatedUtc.ShouldBe(AppFixture.DefaultNow.AddHours(1).UtcDateTime);
        saved.CreatedUtc.ShouldBe(AppFixture.DefaultNow.UtcDateTime);
    }

    [Fact]
    public async Task Moving_an_action_into_last_week_moves_its_pledge_week()
    {
        var (program, mentor, browser, colleague) = await MentorAsync();
        var action = await _data.ActionAsync(mentor, program, colleague, ActionKind.ShoutOut, new DateOnly(2026, 11, 24));
        var response = await browser.SubmitAsync($"/actions/{action.Id}/edit", "Save changes", EditForm("5", "2026-11-20"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await FindAsync(action.Id))!.WeekStart.ShouldBe(new DateOnly(2026, 11, 16));
    }

    [Fact]
    public async Task Bad_input_on_edit_saves_nothing()
    {
        var (program, mentor, browser, colleague) = await MentorAsync();
        var action = await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 24));
        var response = await browser.SubmitAsync($"/actions/{action.Id}/edit", "Save changes", EditForm("0", "2026-11-24"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Minutes must be between 1 and 240.");
        (await FindAsync(action.Id))!.Minutes.ShouldBe(30);
    }

    [Fact]
    public async Task A_mentor_deletes_an_action_of_last_week()
    {
        var (program, mentor, browser, colleague) = await MentorAsync();
        var action = await _data.ActionAsync(mentor, program, colleague, ActionKind.SponsorNote, new DateOnly(2026, 11, 17));
        var response = await browser.SubmitAsync($"/actions/{action.Id}/delete", "Delete it");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await FindAsync(action.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task Older_weeks_are_read_only_even_to_a_crafted_post()
    {
        var (program, mentor, browser, colleague) = await MentorAsync();
        var old = await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 13));

        var details = await browser.GetPageAsync($"/actions/{old.Id}");
        details.Body!.TextContent.ShouldContain("read-only");
        details.QuerySelector($"a[href='/actions/{old.Id}/edit']").ShouldBeNull();

        var edit = await browser.PostCraftedAsync($"/actions/{old.Id}/edit", CraftedEdit(old, "60", "2026-11-13"), tokenFrom: "/week");
        (await edit.Content.ReadAsStringAsync()).ShouldContain("That week is closed");
        var delete = await browser.PostCraftedAsync($"/actions/{old.Id}/delete", new(), tokenFrom: "/week");
        delete.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await delete.Content.ReadAsStringAsync()).ShouldContain("That week is closed");

        var unchanged = (await FindAsync(old.Id))!;
        unchanged.Minutes.ShouldBe(30);
    }

    [Fact]
    public async Task Last_weeks_actions_become_read_only_when_the_next_week_opens()
    {
        var (program, mentor, browser, colleague) = await MentorAsync();
        var action = await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 20));
        (await browser.GetPageAsync($"/actions/{action.Id}")).QuerySelector($"a[href='/actions/{action.Id}/edit']").ShouldNotBeNull();

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero)); // Monday 00:00 in London
        browser = await Browser.SignedInAsync(app, mentor); // four and a half idle days end a session
        (await browser.GetPageAsync($"/actions/{action.Id}")).QuerySelector($"a[href='/actions/{action.Id}/edit']").ShouldBeNull();
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
    }

    [Fact]
    public async Task Another_mentors_action_is_not_found_for_view_or_a_crafted_edit_and_delete()
    {
        var (program, _, browser, colleague) = await MentorAsync();
        var other = await _data.MentorAsync(program);
        var theirs = await _data.ActionAsync(other, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 24), privateNotes: "secret");

        await browser.GetPageAsync($"/actions/{theirs.Id}", HttpStatusCode.NotFound);
        await browser.GetPageAsync($"/actions/{theirs.Id}/edit", HttpStatusCode.NotFound);
        await browser.GetPageAsync($"/actions/{theirs.Id}/delete", HttpStatusCode.NotFound);
        (await browser.PostCraftedAsync($"/actions/{theirs.Id}/edit", CraftedEdit(theirs, "99", "2026-11-24"), tokenFrom: "/week")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.PostCraftedAsync($"/actions/{theirs.Id}/delete", new(), tokenFrom: "/week")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var unchanged = (await FindAsync(theirs.Id))!;
        unchanged.Minutes.ShouldBe(30);
        app.ReadNote(unchanged.PrivateNotes).ShouldBe("secret");
    }

    [Fact]
    public async Task A_mentor_sees_their_own_private_notes()
    {
        var (program, mentor, browser, colleague) = await MentorAsync();
        var action = await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 24), privateNotes: "Only mine");
        (await browser.GetPageAsync($"/actions/{action.Id}")).Body!.TextContent.ShouldContain("Only mine");
    }
}
