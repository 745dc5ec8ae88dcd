using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Email;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>Planning a coffee: a calendar invitation to both, moved with the same UID, withdrawn with CANCEL, logged with one tap.</summary>
public sealed class CoffeePlanTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    /// <summary>What a mentor fills in on the plan form (a move shows no colleague list: <paramref name="colleagueId"/> null).</summary>
    private static Dictionary<string, string?> Plan(int? colleagueId, string date, string time, string place = "The café", string minutes = "30")
    {
        var fill = new Dictionary<string, string?> { ["Input.Date"] = date, ["Input.Time"] = time, ["Input.Place"] = place, ["Input.Minutes"] = minutes };
        if (colleagueId is { } id)
        {
            fill["Input.ColleagueId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return fill;
    }

    private static Task<HttpResponseMessage> PlanAsync(Browser browser, PledgeProgram program, Dictionary<string, string?> fill) =>
        browser.SubmitAsync($"/coffee/plan?program={program.Id}", "Plan it and send the invitation", fill);

    private static Task<HttpResponseMessage> MoveAsync(Browser browser, PlannedCoffee plan, Dictionary<string, string?> fill) =>
        browser.SubmitAsync($"/coffee/plan/{plan.Id}", "Move it and update the invitation", fill);

    private Task<List<EmailMessage>> InvitationsAsync(int planId) =>
        app.WithDbAsync(db => db.Emails.AsNoTracking().Where(e => e.DeduplicationKey.StartsWith($"coffee:{planId}:")).OrderBy(e => e.Id).ToListAsync());

    private Task<PlannedCoffee> PlanOfAsync(string mentorId) =>
        app.WithDbAsync(db => db.PlannedCoffees.AsNoTracking().OrderByDescending(p => p.Id).FirstAsync(p => p.MentorId == mentorId));

    private static Ical.Net.CalendarComponents.CalendarEvent EventIn(string ics, string method)
    {
        var calendar = Calendar.Load(ics)!;
        calendar.Method.ShouldBe(method);
        return calendar.Events.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task On_a_friday_the_plan_proposes_monday_morning_and_a_weekend_time_is_asked_about_before_it_is_sent()
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero)); // Friday afternoon in London
        try
        {
            var program = await _data.ProgramAsync("Europe/London");
            var mentor = await _data.MentorAsync(program);
            var colleague = await _data.ColleagueAsync("Ines Marquez");
            var browser = await Browser.SignedInAsync(app, mentor);

            var form = await browser.GetPageAsync($"/coffee/plan?program={program.Id}");
            form.QuerySelector("#plan-date")!.GetAttribute("value").ShouldBe("2026-11-30", "the next working day: Monday");
            form.QuerySelector("#plan-time")!.GetAttribute("value").ShouldBe("10:00");
            form.QuerySelector("#plan-outside-hours").ShouldBeNull("nothing to confirm yet");

            // Saturday at ten: not sent; the page asks.
            var saturday = await PlanAsync(browser, program, Plan(colleague.Id, "2026-11-28", "10:00"));
            saturday.StatusCode.ShouldBe(HttpStatusCode.OK);
            var asked = await Browser.ParseAsync(saturday);
            asked.QuerySelector("#plan-hours-question")!.TextContent.ShouldContain("Saturday is outside office hours");
            (await app.WithDbAsync(db => db.PlannedCoffees.CountAsync(p => p.MentorId == mentor.Id))).ShouldBe(0);

            // A weekday time that ends after closing is asked about too.
            (await PlanAsync(browser, program, Plan(colleague.Id, "2026-12-01", "16:45"))).StatusCode.ShouldBe(HttpStatusCode.OK, "16:45 for 30 minutes ends after 17:00");

            // She asked for Saturday: the mentor ticks "Send it anyway" on the page that asked, and it is sent.
            var sent = await browser.SubmitAsync(asked, $"/coffee/plan?program={program.Id}", "Plan it and send the invitation", new() { ["Input.OutsideHoursConfirmed"] = "true" });
            sent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await PlanOfAsync(mentor.Id)).StartsUtc.ShouldBe(new DateTime(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc));
        }
        finally
        {
            app.Clock.SetUtcNow(AppFixture.DefaultNow);
        }
    }

    [Fact]
    public async Task A_program_that_works_sunday_to_thursday_says_so_in_its_settings_and_its_plans_follow()
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)); // Thursday midday
        try
        {
            var program = await _data.ProgramAsync("Asia/Dubai");
            var mentor = await _data.MentorAsync(program);
            var colleague = await _data.ColleagueAsync("Layla Haddad");
            var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));

            // The admin sets the program's week through its own settings form, and it reads back as set.
            var edit = $"/admin/programs/{program.Id}/edit";
            var settings = await admin.GetPageAsync(edit);
            settings.QuerySelectorAll("input[name='Input.WorkingDays'][checked]").Select(c => c.GetAttribute("value"))
                .ShouldBe(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "Monday to Friday by default");
            var saved = await admin.SubmitAsync(settings, edit, "Save", choose: new() { ["Input.WorkingDays"] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday"] },
                fill: new() { ["Input.OfficeOpens"] = "08:00", ["Input.OfficeCloses"] = "16:00" });
            saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            var stored = await app.WithDbAsync(db => db.Programs.AsNoTracking().SingleAsync(p => p.Id == program.Id));
            (stored.OfficeOpens, stored.OfficeCloses).ShouldBe((new TimeOnly(8, 0), new TimeOnly(16, 0)));
            var reread = await admin.GetPageAsync(edit);
            reread.QuerySelectorAll("input[name='Input.WorkingDays'][checked]").Select(c => c.GetAttribute("value"))
                .ShouldBe(["Monday", "Tuesday", "Wednesday", "Thursday", "Sunday"]);
            reread.QuerySelector("#office-opens")!.GetAttribute("value").ShouldBe("08:00");

            // Thursday's plan proposes Sunday; Friday, their weekend, is asked about first.
            var browser = await Browser.SignedInAsync(app, mentor);
            var form = await browser.GetPageAsync($"/coffee/plan?program={program.Id}");
            form.QuerySelector("#plan-date")!.GetAttribute("value").ShouldBe("2026-11-29", "the next working day: Sunday");
            var asked = await PlanAsync(browser, program, Plan(colleague.Id, "2026-11-27", "10:00"));
            asked.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await asked.Content.ReadAsStringAsync()).ShouldContain("Sunday to Thursday, 08:00 to 16:00");
            (await PlanAsync(browser, program, Plan(colleague.Id, "2026-11-29", "08:30"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        finally
        {
            app.Clock.SetUtcNow(AppFixture.DefaultNow);
        }
    }

    [Fact]
    public async Task A_planned_coffee_invites_both_and_moving_or_cancelling_updates_the_same_event()
    {
        var program = await _data.ProgramAsync("Europe/London");
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync("Amara Okafor");
        var browser = await Browser.SignedInAsync(app, mentor);

        // Planned across the spring clock change: 10:00 in London is 10:00 UTC on Friday and 09:00 UTC on Monday.
        var response = await PlanAsync(browser, program, Plan(colleague.Id, "2027-03-26", "10:00"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe($"/week?program={program.Id}#planned");
        var plan = await PlanOfAsync(mentor.Id);
        plan.StartsUtc.ShouldBe(new DateTime(2027, 3, 26, 10, 0, 0, DateTimeKind.Utc));

        var first = await InvitationsAsync(plan.Id);
        first.Count.ShouldBe(2); // the mentor's own copy and the colleague's
        first.ShouldAllBe(e => e.Kind == EmailKind.CoffeeInvite && e.Calendar != null);
        var toColleague = first.Single(e => e.ToAddress == colleague.Email);
        toColleague.Subject.ShouldStartWith($"Coffee with {mentor.Email}");
        toColleague.TextBody.ShouldStartWith("Hi Amara,");

        // Like every email to her, the invitation ends with her choices and a private word with the program team; both open.
        var herLinks = System.Text.RegularExpressions.Regex.Matches(toColleague.HtmlBody, @"href=""https?://[^/""]+(/colleague/(choices|concern)/[^""]+)""")
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();
        herLinks.Count.ShouldBe(2, toColleague.HtmlBody);
        var anonymous = new Browser(app.NewClient());
        foreach (var link in herLinks)
        {
            (await anonymous.GetPageAsync(link)).QuerySelector("form").ShouldNotBeNull(link);
        }

        var invited = EventIn(toColleague.Calendar!, "REQUEST");
        invited.Uid.ShouldBe(plan.Uid);
        invited.Sequence.ShouldBe(0);
        invited.DtStart!.TzId.ShouldBe("Europe/London");
        invited.DtStart.AsUtc.ShouldBe(new DateTime(2027, 3, 26, 10, 0, 0, DateTimeKind.Utc));
        invited.DtEnd!.AsUtc.ShouldBe(new DateTime(2027, 3, 26, 10, 30, 0, DateTimeKind.Utc));
        invited.Organizer!.Value!.ToString().ShouldBe($"mailto:{mentor.Email}");
        invited.Attendees.ShouldHaveSingleItem().Value!.ToString().ShouldBe($"mailto:{colleague.Email}");
        invited.Location.ShouldBe("The café");

        // Moved to Monday, after the clock change: the same event, one sequence on, and the UTC time an hour earlier.
        response = await MoveAsync(browser, plan, Plan(null, "2027-03-29", "10:00", "Meeting room Ada"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var moved = (await InvitationsAsync(plan.Id)).Skip(2).ToList();
        moved.Count.ShouldBe(2);
        moved.ShouldAllBe(e => e.Subject.StartsWith("Moved: coffee with", StringComparison.Ordinal));
        var update = EventIn(moved.Single(e => e.ToAddress == colleague.Email).Calendar!, "REQUEST");
        update.Uid.ShouldBe(plan.Uid);
        update.Sequence.ShouldBe(1);
        update.DtStart!.AsUtc.ShouldBe(new DateTime(2027, 3, 29, 9, 0, 0, DateTimeKind.Utc));
        update.Location.ShouldBe("Meeting room Ada");

        // Saving it again unchanged sends nothing more.
        await MoveAsync(browser, plan, Plan(null, "2027-03-29", "10:00", "Meeting room Ada"));
        (await InvitationsAsync(plan.Id)).Count.ShouldBe(4);

        // Cancelled: METHOD:CANCEL for the same UID, and off the week page.
        response = await browser.SubmitAsync($"/coffee/plan/{plan.Id}", "Cancel this coffee");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cancelled = (await InvitationsAsync(plan.Id)).Skip(4).ToList();
        cancelled.Count.ShouldBe(2);
        var cancel = EventIn(cancelled.Single(e => e.ToAddress == colleague.Email).Calendar!, "CANCEL");
        cancel.Uid.ShouldBe(plan.Uid);
        cancel.Sequence.ShouldBe(2);
        cancel.Status.ShouldBe("CANCELLED");
        (await PlanOfAsync(mentor.Id)).IsOpen.ShouldBeFalse();

        // Sent over SMTP as a calendar program expects: text/calendar with its method, and invite.ics.
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        var sent = app.Smtp.To(colleague.Email);
        sent.Count.ShouldBe(3);
        var parts = sent.Single(m => m.Subject!.StartsWith("Coffee with", StringComparison.Ordinal)).BodyParts.ToList();
        parts.OfType<TextPart>().ShouldContain(p => p.ContentType.MimeType == "text/calendar" && p.ContentType.Parameters["method"] == "REQUEST");
        parts.ShouldContain(p => p.ContentDisposition != null && p.ContentDisposition.FileName == "invite.ics");
        sent.Single(m => m.Subject!.StartsWith("Cancelled", StringComparison.Ordinal)).BodyParts.OfType<TextPart>().ShouldContain(p => p.ContentType.MimeType == "text/calendar" && p.ContentType.Parameters["method"] == "CANCEL");
    }

    [Fact]
    public async Task A_colleague_who_stopped_emails_gets_no_invitation_and_the_mentor_is_told()
    {
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync("Priya Nair");
        await app.WithDbAsync(db => db.Colleagues.Where(c => c.Id == colleague.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.EmailsStopped, true)));
        var browser = await Browser.SignedInAsync(app, mentor);

        var response = await PlanAsync(browser, program, Plan(colleague.Id, "2027-01-12", "14:30"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var plan = await PlanOfAsync(mentor.Id);
        (await InvitationsAsync(plan.Id)).ShouldHaveSingleItem().ToAddress.ShouldBe(mentor.Email);
        var week = await browser.GetPageAsync(response.Headers.Location!.OriginalString);
        week.QuerySelector(".status, [role=status], .alert")?.TextContent.ShouldContain("turned program emails off");
    }

    [Fact]
    public async Task A_plan_in_the_past_or_in_the_clock_change_gap_is_refused_and_nothing_is_saved()
    {
        var program = await _data.ProgramAsync("Europe/London");
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        var browser = await Browser.SignedInAsync(app, mentor);

        var past = await PlanAsync(browser, program, Plan(colleague.Id, "2026-11-20", "10:00"));
        past.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(past)).QuerySelector("#plan-date-error")!.TextContent.ShouldContain("That time has passed");

        var gap = await PlanAsync(browser, program, Plan(colleague.Id, "2027-03-28", "01:30"));
        (await Browser.ParseAsync(gap)).QuerySelector("#plan-time-error")!.TextContent.ShouldContain("clocks go forward");

        var nowhere = await PlanAsync(browser, program, Plan(colleague.Id, "2027-01-12", "10:00", place: " "));
        (await Browser.ParseAsync(nowhere)).QuerySelector("#plan-place-error")!.TextContent.ShouldContain("Say where");

        (await app.WithDbAsync(db => db.PlannedCoffees.CountAsync(p => p.MentorId == mentor.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task After_its_time_one_tap_on_this_week_logs_the_planned_coffee_once()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync("Europe/London");
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync("Bea Ng");
        var browser = await Browser.SignedInAsync(app, mentor);
        await PlanAsync(browser, program, Plan(colleague.Id, "2026-11-26", "10:00", minutes: "45"));

        var before = await browser.GetPageAsync($"/week?program={program.Id}");
        before.QuerySelector("#planned")!.TextContent.ShouldContain("Bea Ng");
        before.QuerySelectorAll("#planned form").Length.ShouldBe(0); // not yet: it hasn't happened

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 11, 0, 0, TimeSpan.Zero));
        browser = await Browser.SignedInAsync(app, mentor);
        // The page's own "Log it" form, as the browser sends it (issue 32: it had no antiforgery token and always got a 400).
        var week = await browser.GetPageAsync($"/week?program={program.Id}");
        for (var tap = 0; tap < 2; tap++)
        {
            var logged = await browser.SubmitAsync(week, $"/week?program={program.Id}", "Log it", within: "#planned");
            logged.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var actions = await app.WithDbAsync(db => db.Actions.AsNoTracking().Where(a => a.MentorId == mentor.Id).ToListAsync());
        var action = actions.ShouldHaveSingleItem(); // a double tap logs once
        (action.Kind, action.ColleagueId, action.OccurredOn, action.Minutes).ShouldBe((ActionKind.Coffee, colleague.Id, new DateOnly(2026, 11, 26), 45));
        (await PlanOfAsync(mentor.Id)).LoggedActionId.ShouldBe(action.Id);
        (await browser.GetPageAsync($"/week?program={program.Id}")).QuerySelector("#planned").ShouldBeNull(); // nothing left planned: the section goes
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
    }

    [Fact]
    public async Task The_same_plan_form_sent_six_times_at_once_makes_one_plan_and_two_invitations()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync("Europe/London");
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync("Dee Double");
        var browser = await Browser.SignedInAsync(app, mentor);
        var form = await browser.GetPageAsync($"/coffee/plan?program={program.Id}&colleague={colleague.Id}");
        var fill = new Dictionary<string, string?> { ["Input.Date"] = "2026-11-27", ["Input.Time"] = "10:00", ["Input.Place"] = "The café" };

        // A double (or sextuple) tap: the page's own form, sent six times at once with the id it was shown with.
        var sends = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            browser.SubmitAsync(form, $"/coffee/plan?program={program.Id}&colleague={colleague.Id}", "Plan it and send the invitation", fill)));

        sends.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Redirect);
        var plans = await app.WithDbAsync(db => db.PlannedCoffees.AsNoTracking().Where(p => p.MentorId == mentor.Id).ToListAsync());
        var plan = plans.ShouldHaveSingleItem();
        (await InvitationsAsync(plan.Id)).Count.ShouldBe(2); // one to the mentor, one to the colleague

        // The positive control: the form shown again is a new submission, and makes a second plan.
        var again = await browser.SubmitAsync($"/coffee/plan?program={program.Id}&colleague={colleague.Id}", "Plan it and send the invitation", fill);
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.PlannedCoffees.CountAsync(p => p.MentorId == mentor.Id))).ShouldBe(2);
    }

    [Fact]
    public async Task Moves_and_a_cancel_of_one_plan_at_once_give_no_error_page_and_one_update_per_change()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync("Europe/London");
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync("Mo Mover");
        var browser = await Browser.SignedInAsync(app, mentor);
        (await browser.SubmitAsync($"/coffee/plan?program={program.Id}&colleague={colleague.Id}", "Plan it and send the invitation",
            new() { ["Input.Date"] = "2026-11-27", ["Input.Time"] = "10:00", ["Input.Place"] = "The café" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var plan = await PlanOfAsync(mentor.Id);

        // Four windows open on the plan; three move it to different times and one cancels it, all at once.
        var url = $"/coffee/plan/{plan.Id}";
        var pages = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => browser.GetPageAsync(url)));
        var sends = await Task.WhenAll(pages.Select((page, i) => i == 3
            ? browser.SubmitAsync(page, url, "Cancel this coffee")
            : browser.SubmitAsync(page, url, "Move it and update the invitation", new() { ["Input.Time"] = $"1{i + 1}:00" })));

        sends.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Redirect || r.StatusCode == HttpStatusCode.OK, "no error page");
        foreach (var refused in sends.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            // Refused with a sentence: moved or cancelled meanwhile, or (a move read after the cancel committed) no longer
            // planned, or (the page re-read after the cancel) the plan shown as cancelled, with nothing more to change.
            (await Browser.ParseAsync(refused)).Body!.TextContent.ShouldMatch("changed a moment ago|no longer planned|was cancelled: nothing more to change");
        }

        // Every change that went through sent one update with its own sequence; none was sent twice.
        var after = await PlanOfAsync(mentor.Id);
        var invitations = await InvitationsAsync(plan.Id);
        invitations.Count.ShouldBe(2 * (after.Sequence + 1));
        invitations.Select(e => e.DeduplicationKey).ShouldBeUnique();
    }

    [Fact]
    public async Task A_coffee_logged_by_hand_with_the_planned_colleague_on_the_planned_day_closes_the_plan()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync("Europe/London");
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync("Hana Hand");
        var other = await _data.ColleagueAsync("Omar Other");
        var browser = await Browser.SignedInAsync(app, mentor);
        (await browser.SubmitAsync($"/coffee/plan?program={program.Id}&colleague={colleague.Id}", "Plan it and send the invitation",
            new() { ["Input.Date"] = "2026-11-26", ["Input.Time"] = "10:00", ["Input.Place"] = "The café" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 15, 0, 0, TimeSpan.Zero));
        browser = await Browser.SignedInAsync(app, mentor); // a day later: the idle session has ended

        // A coffee with someone else that day leaves the plan alone (the control)...
        var log = $"/log/coffee?program={program.Id}";
        (await browser.SubmitAsync(log, "Log coffee", new() { ["Input.ColleagueId"] = other.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.OccurredOn"] = "2026-11-26" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PlanOfAsync(mentor.Id)).LoggedActionId.ShouldBeNull();

        // ...and the coffee with her, logged from the log page rather than "Log it", is the plan: it leaves This week.
        (await browser.SubmitAsync(log, "Log coffee", new() { ["Input.ColleagueId"] = colleague.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.OccurredOn"] = "2026-11-26" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var coffee = await app.WithDbAsync(db => db.Actions.AsNoTracking().SingleAsync(a => a.MentorId == mentor.Id && a.ColleagueId == colleague.Id));
        (await PlanOfAsync(mentor.Id)).LoggedActionId.ShouldBe(coffee.Id);
        (await browser.GetPageAsync($"/week?program={program.Id}")).QuerySelector("#planned").ShouldBeNull();
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
    }

    [Fact]
    public async Task Another_mentor_cannot_see_move_or_a_crafted_post_cancel_a_plan()
    {
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var other = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        var browser = await Browser.SignedInAsync(app, mentor);
        await PlanAsync(browser, program, Plan(colleague.Id, "2027-01-12", "10:00"));
        var plan = await PlanOfAsync(mentor.Id);

        var intruder = await Browser.SignedInAsync(app, other);
        await intruder.GetPageAsync($"/coffee/plan/{plan.Id}", HttpStatusCode.NotFound);
        var cancel = await intruder.PostCraftedAsync($"/coffee/plan/{plan.Id}?handler=Cancel", new(), tokenFrom: $"/coffee/plan?program={program.Id}");
        cancel.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PlanOfAsync(mentor.Id)).IsOpen.ShouldBeTrue();
    }
}
