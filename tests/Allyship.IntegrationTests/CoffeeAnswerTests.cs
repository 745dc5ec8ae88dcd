using System.Net;
using System.Text.RegularExpressions;
using Allyship.Web.Data;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// Her answer to a coffee invitation (issue 35, item 4): from the link in it, without signing in, "can't make it"
/// withdraws the coffee from both calendars and tells the mentor; "another time" tells him her time, and This week
/// offers to move it there. Every step goes through the pages' own forms.
/// </summary>
public sealed partial class CoffeeAnswerTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    [GeneratedRegex(@"href=""https?://[^/""]+(/colleague/coffee/[^""]+)""")]
    private static partial Regex AnswerLink();

    private sealed record Planned(PledgeProgram Program, TestUser Mentor, Colleague Colleague, Browser MentorBrowser, PlannedCoffee Plan, string Link);

    /// <summary>A mentor plans a coffee through the plan form; her invitation's answer link is read from the email she gets.</summary>
    private async Task<Planned> PlanAsync(string colleagueName, string date, string time = "10:00")
    {
        var program = await _data.ProgramAsync("Europe/London");
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync(colleagueName);
        var browser = await Browser.SignedInAsync(app, mentor);
        var planned = await browser.SubmitAsync($"/coffee/plan?program={program.Id}", "Plan it and send the invitation", new()
        {
            ["Input.ColleagueId"] = colleague.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Date"] = date, ["Input.Time"] = time, ["Input.Place"] = "The café", ["Input.Minutes"] = "30",
        });
        planned.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var plan = await app.WithDbAsync(db => db.PlannedCoffees.AsNoTracking().SingleAsync(p => p.MentorId == mentor.Id));
        var invitation = (await EmailsAsync(plan.Id)).Single(e => e.ToAddress == colleague.Email);
        var link = WebUtility.HtmlDecode(AnswerLink().Match(invitation.HtmlBody).Groups[1].Value);
        link.ShouldNotBeEmpty("her invitation carries the way to answer it");
        invitation.TextBody.ShouldContain("Can't make it? Suggest another time");
        return new Planned(program, mentor, colleague, browser, plan, link);
    }

    private Task<List<EmailMessage>> EmailsAsync(int planId) =>
        app.WithDbAsync(db => db.Emails.AsNoTracking().Where(e => e.DeduplicationKey.StartsWith($"coffee:{planId}:")).OrderBy(e => e.Id).ToListAsync());

    private Task<PlannedCoffee> ReloadAsync(int planId) => app.WithDbAsync(db => db.PlannedCoffees.AsNoTracking().SingleAsync(p => p.Id == planId));

    [Fact]
    public async Task She_says_she_cannot_make_it_from_her_invitation_and_it_leaves_both_calendars_and_tells_the_mentor()
    {
        var p = await PlanAsync("Amara Okafor", "2027-01-12");
        var her = new Browser(app.NewClient());

        var page = await her.GetPageAsync(p.Link);
        page.QuerySelector("h1")!.TextContent.ShouldBe("Your coffee");
        page.QuerySelector(".narrow-card p")!.TextContent.ShouldStartWith("Hi Amara.");
        page.QuerySelector($"#coffee-{p.Plan.Id}")!.TextContent.ShouldContain("Tuesday 12 January, 10:00 (Europe/London)");
        page.QuerySelector("a[href*='/account/signin'], nav.app-nav").ShouldBeNull("her page has no sign-in and no app menu");

        var sent = await her.SubmitAsync(page, p.Link, "Send to", new() { ["Input.Choice"] = "CantMakeIt", ["Input.Note"] = "I'm away that week." });
        sent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var thanks = await her.GetPageAsync(sent.Headers.Location!.OriginalString);
        thanks.QuerySelector("#answer-summary")!.TextContent.ShouldContain($"Thanks — {p.Mentor.Email} knows you can't make it");
        thanks.QuerySelector("#answer-form").ShouldBeNull("answered: the page says back what she did, not the form again");

        var plan = await ReloadAsync(p.Plan.Id);
        plan.IsOpen.ShouldBeFalse();
        plan.DeclinedByColleague.ShouldBeTrue();
        plan.AnswerNote.ShouldBe("I'm away that week.");

        // Both calendars get the cancellation of the same event; the mentor's email says it was her answer, with her words.
        var answer = (await EmailsAsync(p.Plan.Id)).Skip(2).ToList();
        answer.Count.ShouldBe(2);
        var toMentor = answer.Single(e => e.ToAddress == p.Mentor.Email);
        toMentor.Subject.ShouldStartWith("Amara Okafor can't make your coffee");
        toMentor.TextBody.ShouldContain("I'm away that week.");
        toMentor.TextBody.ShouldContain($"/coffee/plan?program={p.Program.Id}&colleague={p.Colleague.Id}");
        foreach (var email in answer)
        {
            var calendar = Calendar.Load(email.Calendar!)!;
            calendar.Method.ShouldBe("CANCEL");
            calendar.Events.ShouldHaveSingleItem().Uid.ShouldBe(p.Plan.Uid);
        }

        answer.Single(e => e.ToAddress == p.Colleague.Email).Subject.ShouldStartWith("Cancelled: coffee with");

        // The same form sent again (a second tab, a retry) changes nothing and sends nothing: she sees how it stands.
        var again = await her.SubmitAsync(page, p.Link, "Send to", new() { ["Input.Choice"] = "CantMakeIt" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Browser.ParseAsync(again)).QuerySelector("#answer-notice")!.TextContent.ShouldContain("nothing was sent");
        (await EmailsAsync(p.Plan.Id)).Count.ShouldBe(4);

        // His This week says so, with the way to plan another time with her (the plan form has her chosen).
        var week = await p.MentorBrowser.GetPageAsync($"/week?program={p.Program.Id}");
        var declined = week.QuerySelector($"#declined-{p.Plan.Id}");
        declined.ShouldNotBeNull("This week tells the mentor she can't make it");
        declined.TextContent.ShouldContain("Amara Okafor can't make it");
        declined.TextContent.ShouldContain("I'm away that week.");
        var again2 = declined.QuerySelector("a")!.GetAttribute("href")!;
        var form = await p.MentorBrowser.GetPageAsync(again2);
        form.QuerySelector($"#plan-colleague option[value='{p.Colleague.Id}']")!.HasAttribute("selected").ShouldBeTrue();

        // Planned again: the notice has done its work.
        (await p.MentorBrowser.SubmitAsync(form, again2, "Plan it and send the invitation", new() { ["Input.Date"] = "2027-01-19", ["Input.Place"] = "The café" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await p.MentorBrowser.GetPageAsync($"/week?program={p.Program.Id}")).QuerySelector($"#declined-{p.Plan.Id}").ShouldBeNull();
    }

    [Fact]
    public async Task She_suggests_another_time_the_mentor_sees_it_and_moving_it_there_updates_both_calendars()
    {
        var p = await PlanAsync("Beatriz Sato", "2027-01-12");
        var her = new Browser(app.NewClient());
        var week = await p.MentorBrowser.GetPageAsync($"/week?program={p.Program.Id}"); // his week is read (and kept) before she answers
        week.QuerySelector($"#suggested-{p.Plan.Id}").ShouldBeNull();

        // Another time without a time: nothing is sent, and the page says what is missing, keeping what she wrote.
        var missing = await her.SubmitAsync(p.Link, "Send to", new() { ["Input.Choice"] = "AnotherTime", ["Input.Note"] = "Afternoons are better." });
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var refused = await Browser.ParseAsync(missing);
        refused.QuerySelector("#answer-errors")!.TextContent.ShouldContain("Choose the day that suits you.");
        refused.QuerySelector("textarea[name='Input.Note']")!.TextContent.ShouldBe("Afternoons are better.");
        (await ReloadAsync(p.Plan.Id)).Answer.ShouldBeNull();

        // The planned time itself is not another time.
        (await her.SubmitAsync(p.Link, "Send to", new() { ["Input.Choice"] = "AnotherTime", ["Input.Date"] = "2027-01-12", ["Input.Time"] = "10:00" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var page = await her.GetPageAsync(p.Link);
        var fill = new Dictionary<string, string?> { ["Input.Choice"] = "AnotherTime", ["Input.Date"] = "2027-01-13", ["Input.Time"] = "15:00", ["Input.Note"] = "Afternoons are better." };
        var sent = await her.SubmitAsync(page, p.Link, "Send to", fill);
        sent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var thanks = await her.GetPageAsync(sent.Headers.Location!.OriginalString);
        thanks.QuerySelector("#answer-summary")!.TextContent.ShouldContain("Thanks — here's what you told");
        thanks.QuerySelector("#answer-suggested")!.TextContent.ShouldBe("Wednesday 13 January, 15:00 (Europe/London)");
        thanks.QuerySelector("#change-answer").ShouldNotBeNull();

        // The same form sent twice tells him once; the coffee itself stays where it was, in both calendars.
        (await her.SubmitAsync(page, p.Link, "Send to", fill)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var told = (await EmailsAsync(p.Plan.Id)).Skip(2).ToList();
        var suggestion = told.ShouldHaveSingleItem();
        suggestion.ToAddress.ShouldBe(p.Mentor.Email);
        suggestion.Subject.ShouldBe("Beatriz Sato suggests another time for your coffee");
        suggestion.Calendar.ShouldBeNull("nothing changes in the calendars until he moves it");
        suggestion.TextBody.ShouldContain("Wednesday 13 January, 15:00 (Europe/London)");
        suggestion.TextBody.ShouldContain("Afternoons are better.");
        var plan = await ReloadAsync(p.Plan.Id);
        plan.IsOpen.ShouldBeTrue();
        plan.Sequence.ShouldBe(0);

        // "Change my answer" opens her form again with what she said.
        var change = await her.GetPageAsync(thanks.QuerySelector("#change-answer")!.GetAttribute("href")!);
        change.QuerySelector($"#coffee-{p.Plan.Id}-date")!.GetAttribute("value").ShouldBe("2027-01-13");

        // His This week (read before she answered) shows her time at once, with Move it; the move form holds her time.
        week = await p.MentorBrowser.GetPageAsync($"/week?program={p.Program.Id}");
        week.QuerySelector($"#suggested-{p.Plan.Id}")!.TextContent.ShouldContain("Beatriz Sato suggests Wed 13 Jan, 15:00 instead.");
        var moveLink = week.QuerySelectorAll("#planned a").Single(a => a.TextContent.Trim() == "Move it").GetAttribute("href")!;
        var move = await p.MentorBrowser.GetPageAsync(moveLink);
        move.QuerySelector("#plan-suggestion").ShouldNotBeNull();
        move.QuerySelector("#plan-date")!.GetAttribute("value").ShouldBe("2027-01-13");
        move.QuerySelector("#plan-time")!.GetAttribute("value").ShouldBe("15:00");
        (await p.MentorBrowser.SubmitAsync(move, moveLink, "Move it and update the invitation")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        plan = await ReloadAsync(p.Plan.Id);
        plan.StartsUtc.ShouldBe(new DateTime(2027, 1, 13, 15, 0, 0, DateTimeKind.Utc));
        plan.Answer.ShouldBeNull("moved: her suggestion is answered");
        var moved = (await EmailsAsync(p.Plan.Id)).Skip(3).ToList();
        moved.Count.ShouldBe(2);
        moved.ShouldAllBe(e => Calendar.Load(e.Calendar!)!.Events.Single().Sequence == 1);
        (await p.MentorBrowser.GetPageAsync($"/week?program={p.Program.Id}")).QuerySelector($"#suggested-{p.Plan.Id}").ShouldBeNull();

        // Her first link names the old day: it now says the coffee moved, and the new invitation has a new link.
        (await her.GetPageAsync(p.Link)).QuerySelector("#coffee-gone").ShouldNotBeNull();
        var newLink = WebUtility.HtmlDecode(AnswerLink().Match(moved.Single(e => e.ToAddress == p.Colleague.Email).HtmlBody).Groups[1].Value);
        (await her.GetPageAsync(newLink)).QuerySelector($"#coffee-{p.Plan.Id}")!.TextContent.ShouldContain("Wednesday 13 January, 15:00");
    }

    [Fact]
    public async Task A_changed_or_expired_link_answers_nothing()
    {
        var p = await PlanAsync("Chen Brown", "2027-01-12");
        var her = new Browser(app.NewClient());
        var tampered = p.Link[..^3] + (p.Link[^3..] == "AAA" ? "BBB" : "AAA");
        await her.GetPageAsync(tampered, HttpStatusCode.BadRequest);

        app.Clock.SetUtcNow(app.Clock.GetUtcNow().AddDays(31));
        try
        {
            (await her.GetPageAsync(p.Link, HttpStatusCode.Gone)).QuerySelector("h1")!.TextContent.ShouldBe("This link has expired");
        }
        finally
        {
            app.Clock.SetUtcNow(AppFixture.DefaultNow);
        }

        (await ReloadAsync(p.Plan.Id)).Answer.ShouldBeNull();
    }
}
