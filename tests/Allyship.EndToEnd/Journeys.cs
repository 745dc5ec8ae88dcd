using System.Text.RegularExpressions;
using Allyship.IntegrationTests;
using Allyship.Web.Data;
using Allyship.Web.Features.Demo;
using Allyship.Web.Features.Reminders;
using Allyship.Web.Infrastructure.Email;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Allyship.EndToEnd;

/// <summary>
/// The product's journeys in Chromium, each at a phone and a desktop size, with the mouse and with the keyboard alone.
/// </summary>
[Collection("Browser")]
public sealed partial class Journeys(BrowserHost host)
{
    private readonly TestData _data = new(host.App);

    public static TheoryData<Viewport, Input> Matrix() => new()
    {
        { Viewport.Phone, Input.Mouse },
        { Viewport.Desktop, Input.Mouse },
        { Viewport.Phone, Input.Keyboard },
        { Viewport.Desktop, Input.Keyboard },
    };

    private async Task<Ui> OpenAsync(Viewport viewport, Input input)
    {
        var context = await host.NewContextAsync(viewport);
        return new Ui(await context.NewPageAsync(), input, viewport);
    }

    private static Task ExpectTextAsync(ILocator locator, string text) =>
        Assertions.Expect(locator).ToContainTextAsync(text);

    [BrowserTheory]
    [MemberData(nameof(Matrix))]
    public async Task A_mentor_logs_the_three_actions_reaches_36_of_36_and_edits_one(Viewport viewport, Input input)
    {
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync(TestData.Unique("Priya"));
        var ui = await OpenAsync(viewport, input);

        await ui.SignInAsync(mentor.Email, mentor.Password);
        ui.Page.Url.ShouldEndWith("/week");
        await ExpectTextAsync(ui.Locate("#minutes-done"), "0 of 36 minutes");

        foreach (var (slug, button) in new[] { ("coffee", "Log coffee"), ("shout-out", "Log shout-out"), ("sponsor-note", "Log sponsor note") })
        {
            var card = ui.Locate($"section[aria-labelledby=log-{slug}]");
            await ui.OpenAsync(card.Locator("summary").First); // each kind is one large disclosure, folded until tapped
            // Nobody is chosen for him: he taps her chip once he has met her, or picks her from the list the first time.
            await ui.ChooseColleagueAsync(card, colleague.Name, colleague.Id);

            if (slug == "sponsor-note")
            {
                // Who was told what: asked for, not folded away.
                await ui.FillAsync(card.GetByLabel("Senior leader you told"), "Helen Park");
                await ui.FillAsync(card.GetByLabel("The accomplishment you told them about"), "Her pricing study");
            }

            await ui.FollowAsync(card.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }));
            await ExpectTextAsync(ui.Locate("[role=status]"), "logged");
        }

        await ExpectTextAsync(ui.Locate("#minutes-done"), "36 of 36 minutes");
        await ExpectTextAsync(ui.Locate(".week-summary"), "Week complete");
        await ExpectTextAsync(ui.Locate("#celebrate"), "All three done");
        await Assertions.Expect(ui.Locate("#log-forms details[open]")).ToHaveCountAsync(0); // the forms fold away
        await ExpectTextAsync(ui.Locate("#log-coffee-details > summary"), "Done · log another");
        if (viewport == Viewport.Phone)
        {
            // A complete week on a phone fits in two screen heights.
            var height = await ui.Page.EvaluateAsync<int>("document.documentElement.scrollHeight");
            height.ShouldBeLessThanOrEqualTo(2 * ui.Page.ViewportSize!.Height);
        }

        await ui.FollowAsync(ui.Page.GetByRole(AriaRole.Link, new() { Name = $"Edit Coffee with {colleague.Name}" }));
        await ui.FillAsync(ui.Field("Minutes"), "40");
        await ui.FollowAsync(ui.Button("Save changes"));
        await ExpectTextAsync(ui.Locate("[role=status]"), "Your changes are saved.");
        await ExpectTextAsync(ui.Locate("#minutes-done"), "36 of 36 minutes, +10 extra"); // the goal caps; the extra is said apart
        (await host.App.WithDbAsync(db => db.Actions.Where(a => a.MentorId == mentor.Id && a.Kind == ActionKind.Coffee).Select(a => a.Minutes).SingleAsync()))
            .ShouldBe(40);
        ui.ShouldBeAccessible();
    }

    [BrowserTheory]
    [MemberData(nameof(Matrix))]
    public async Task An_invited_mentor_is_welcomed_chooses_who_to_support_and_a_reminder_day_and_logs_a_first_coffee_in_three_taps(Viewport viewport, Input input)
    {
        var program = await _data.ProgramAsync();
        var colleague = await _data.ColleagueAsync(TestData.Unique("Zainab"));
        var (email, token) = await _data.InvitationAsync(program);
        var ui = await OpenAsync(viewport, input);

        await ui.GoAsync($"/invite/{token}");
        await ui.FillAsync(ui.Field("Your name"), "Wes Welcome");
        await ui.FillAsync(ui.Field("Password"), TestData.Password);
        await ui.FillAsync(ui.Field("Password, again"), TestData.Password);
        await ui.FollowAsync(ui.Button("Join"));
        ui.Page.Url.ShouldContain($"/welcome?program={program.Id}");
        await ExpectTextAsync(ui.Locate("#why"), "Sponsorship, not only mentoring");

        if (await ui.Locate("#find").CountAsync() > 0)
        {
            // A large directory is searched, not listed.
            await ui.FillAsync(ui.Field("Find a colleague in the directory"), colleague.Name);
            await ui.FollowAsync(ui.Button("Search"));
        }

        await ui.SelectAsync(ui.Field("Colleague 1"), colleague.Name);
        await ui.SelectAsync(ui.Field("Your reminder day"), "Thursday");
        await ui.FollowAsync(ui.Button("Save and go to my week"));
        ui.Page.Url.ShouldContain("/week");
        await ExpectTextAsync(ui.Locate("[role=status]"), "1 colleague to support");

        // Three taps: open "Log a coffee" (today and 30 minutes filled in), tap her chip (she is offered, never chosen
        // for him), then log it.
        var card = ui.Locate("section[aria-labelledby=log-coffee]");
        await ui.OpenAsync(card.Locator("summary").First);
        await ui.ChooseColleagueAsync(card, colleague.Name, colleague.Id);
        await ui.FollowAsync(card.GetByRole(AriaRole.Button, new() { Name = "Log coffee", Exact = true }));
        await ExpectTextAsync(ui.Locate("[role=status]"), "logged");
        var userId = await host.App.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        (await host.App.WithDbAsync(db => db.Actions.Where(a => a.MentorId == userId).Select(a => a.ColleagueId).SingleAsync())).ShouldBe(colleague.Id);
        (await host.App.WithDbAsync(db => db.MentorPreferences.Where(p => p.UserId == userId).Select(p => p.Reminders.ReminderDay).SingleAsync())).ShouldBe(DayOfWeek.Thursday);
        ui.ShouldBeAccessible();
    }

    /// <summary>Planning and logging go together on one phone with the mouse and one desktop with the keyboard (the clock is the host's, moved and put back).</summary>
    public static TheoryData<Viewport, Input> PlanAndLog() => new()
    {
        { Viewport.Phone, Input.Mouse },
        { Viewport.Desktop, Input.Keyboard },
    };

    [BrowserTheory]
    [MemberData(nameof(PlanAndLog))]
    public async Task A_mentor_plans_a_coffee_taps_Log_it_once_it_has_begun_and_the_week_counts_it_once(Viewport viewport, Input input)
    {
        var clock = host.App.Clock;
        clock.SetUtcNow(AppFixture.DefaultNow); // Wednesday 25 November 2026, noon in London
        try
        {
            var program = await _data.ProgramAsync("Europe/London");
            var mentor = await _data.MentorAsync(program);
            var colleague = await _data.ColleagueAsync(TestData.Unique("Ifeoma"));
            await host.App.WithDbAsync(db =>
            {
                // She is among the people he supports, so she heads the plan form's list.
                db.ChosenColleagues.Add(new ChosenColleague { MentorId = mentor.Id, ProgramId = program.Id, ColleagueId = colleague.Id, ChosenUtc = clock.GetUtcNow().UtcDateTime });
                return db.SaveChangesAsync();
            });
            var ui = await OpenAsync(viewport, input);
            await ui.SignInAsync(mentor.Email, mentor.Password);

            var card = ui.Locate("section[aria-labelledby=log-coffee]");
            await ui.OpenAsync(card.Locator("summary").First);
            await ui.FollowAsync(card.GetByRole(AriaRole.Link, new() { Name = "Not had it yet? Plan it and send a calendar invitation" }));
            await ExpectTextAsync(ui.Locate("h1"), "Plan a coffee");
            await ui.SelectAsync(ui.Field("Colleague"), colleague.Name);
            await ui.FillDateAsync(ui.Field("Day"), new DateOnly(2026, 11, 25));
            await ui.FillTimeAsync(ui.Locate("#plan-time"), new TimeOnly(15, 0));
            await ui.FillAsync(ui.Field("Minutes"), "30");
            await ui.FillAsync(ui.Field("Place"), "The café on the corner");
            await ui.FollowAsync(ui.Button("Plan it and send the invitation"));
            ui.Page.Url.ShouldContain("/week");
            var planned = ui.Locate("#planned");
            await ExpectTextAsync(planned, $"Coffee with {colleague.Name}");
            await Assertions.Expect(planned.GetByRole(AriaRole.Button, new() { Name = "Log it" })).ToHaveCountAsync(0); // not before it starts
            await ExpectTextAsync(ui.Locate("#minutes-done"), "0 of 36 minutes");

            // The coffee begins at 15:00; at 15:40 he opens This week again and taps Log it.
            clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 15, 40, 0, TimeSpan.Zero));
            await ui.GoAsync($"/week?program={program.Id}");
            await ui.FollowAsync(ui.Locate("#planned").GetByRole(AriaRole.Button, new() { Name = $"Log it: the coffee with {colleague.Name}" }));
            await ExpectTextAsync(ui.Locate("[role=status]"), "logged");
            await ExpectTextAsync(ui.Locate("#minutes-done"), "30 of 36 minutes");
            await Assertions.Expect(ui.Locate("#planned")).ToHaveCountAsync(0); // nothing is left pending
            ui.ShouldBeAccessible();

            var (coffees, open) = await host.App.WithDbAsync(async db => (
                await db.Actions.CountAsync(a => a.MentorId == mentor.Id && a.Kind == ActionKind.Coffee && a.ColleagueId == colleague.Id),
                await db.PlannedCoffees.Where(PlannedCoffee.Open).CountAsync(p => p.MentorId == mentor.Id)));
            coffees.ShouldBe(1);
            open.ShouldBe(0);
        }
        finally
        {
            clock.SetUtcNow(AppFixture.DefaultNow);
        }
    }

    [BrowserTheory]
    [MemberData(nameof(Matrix))]
    public async Task A_mentor_keeps_a_private_self_check_and_deletes_it(Viewport viewport, Input input)
    {
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var ui = await OpenAsync(viewport, input);
        await ui.SignInAsync(mentor.Email, mentor.Password);

        await ui.MenuAsync("At home");
        await ExpectTextAsync(ui.Locate("#privacy"), "Only you can see this.");
        await ui.SetCheckedAsync(ui.Locate("#q-planning-yes"), true);
        await ui.FillAsync(ui.Field("One thing at home you could take on this month"), "Cook on Tuesdays");
        await ui.FollowAsync(ui.Button("Save for me"));
        await ExpectTextAsync(ui.Locate("[role=status]"), "Saved, for you alone.");
        (await ui.Locate("#q-planning-yes").IsCheckedAsync()).ShouldBeTrue();
        (await ui.Field("One thing at home you could take on this month").InputValueAsync()).ShouldBe("Cook on Tuesdays");

        await ui.FollowAsync(ui.Button("Delete my self-check"));
        await ExpectTextAsync(ui.Locate("[role=status]"), "Deleted.");
        (await host.App.WithDbAsync(db => db.SelfChecks.AnyAsync(s => s.MentorId == mentor.Id))).ShouldBeFalse();
        ui.ShouldBeAccessible();
    }

    [BrowserTheory]
    [MemberData(nameof(Matrix))]
    public async Task A_colleague_confirms_one_action_says_another_did_not_happen_and_the_mentor_sees_both(Viewport viewport, Input input)
    {
        var program = await _data.ProgramAsync(configure: p => p.AskColleaguesToConfirm = true);
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync(TestData.Unique("Amara"));
        var lastWeek = Allyship.Web.Features.Pledge.PledgeWeek.Containing(host.App.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(program.TimeZoneId)).Previous;
        var coffee = await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, lastWeek.Monday.AddDays(1));
        var shoutOut = await _data.ActionAsync(mentor, program, colleague, ActionKind.ShoutOut, lastWeek.Monday.AddDays(2));
        await host.App.WithDbAsync(db =>
        {
            foreach (var id in new[] { coffee.Id, shoutOut.Id })
            {
                db.Confirmations.Add(new Confirmation { ActionId = id, ColleagueId = colleague.Id, AskedUtc = host.App.Clock.GetUtcNow().UtcDateTime });
            }

            return db.SaveChangesAsync();
        });
        var token = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Allyship.Web.Features.Shared.VoiceTokens>(host.App.Services)
            .Create(Allyship.Web.Features.Shared.VoicePurpose.Confirm, colleague.Id, lastWeek.Monday);

        // She follows the link from her email: no account, no password.
        var ui = await OpenAsync(viewport, input);
        await ui.GoAsync($"/confirm/{token}");
        await ui.SetCheckedAsync(ui.Locate($"#a{coffee.Id}-yes"), true);
        await ui.SelectAsync(ui.Locate($"#a{coffee.Id}-useful"), "5 · very useful");
        if (input == Input.Keyboard)
        {
            // A keyboard moves within a radio group with the arrow keys, as in any form.
            await ui.TabToAsync(ui.Locate($"#a{shoutOut.Id}-yes"));
            await ui.Page.Keyboard.PressAsync("ArrowRight");
        }
        else
        {
            await ui.Locate($"#a{shoutOut.Id}-no").CheckAsync();
        }

        (await ui.Locate($"#a{shoutOut.Id}-no").IsCheckedAsync()).ShouldBeTrue();
        await ui.FollowAsync(ui.Button("Save my answers"));
        // Her page ends in a thank-you with what she said, and she can change it.
        await ExpectTextAsync(ui.Locate("#answers-summary"), "Thanks — here's what you told us");
        await ExpectTextAsync(ui.Locate($"#said-{shoutOut.Id}"), "It didn't happen");
        await Assertions.Expect(ui.Link("Change my answers")).ToBeVisibleAsync();
        ui.ShouldBeAccessible();

        var mentorUi = await OpenAsync(viewport, input);
        await mentorUi.SignInAsync(mentor.Email, mentor.Password);
        await mentorUi.GoAsync($"/week?program={program.Id}&week={lastWeek.Monday:yyyy-MM-dd}");
        await ExpectTextAsync(mentorUi.Locate(".action-list"), "Confirmed");
        await ExpectTextAsync(mentorUi.Locate(".action-list"), "She didn't recognise this");
    }

    [BrowserTheory]
    [MemberData(nameof(Matrix))]
    public async Task A_mentor_chooses_their_reminder_times_and_pauses(Viewport viewport, Input input)
    {
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var ui = await OpenAsync(viewport, input);

        await ui.SignInAsync(mentor.Email, mentor.Password);
        await ui.MenuAsync("Settings");
        await ui.SetCheckedAsync(ui.Field("Use my program's reminder times"), false);
        await ui.SelectAsync(ui.Locate("#reminder-day"), "Thursday");
        await ui.FillTimeAsync(ui.Locate("#reminder-time"), new TimeOnly(9, 30));
        await ui.FollowAsync(ui.Button("Save settings"));
        await ExpectTextAsync(ui.Locate("[role=status]"), "saved");

        var until = new DateOnly(2026, 12, 6);
        await ui.FillDateAsync(ui.Field("Pause until (the last day of your break)"), until);
        await ui.FollowAsync(ui.Button("Pause reminders"));
        await ExpectTextAsync(ui.Locate("main"), "You're paused until");

        var (prefs, enrolment) = await host.App.WithDbAsync(async db => (
            await db.MentorPreferences.SingleAsync(p => p.UserId == mentor.Id),
            await db.Enrolments.Include(e => e.Pauses).SingleAsync(e => e.MentorId == mentor.Id)));
        prefs.UseProgramSchedule.ShouldBeFalse();
        prefs.Reminders.ReminderDay.ShouldBe(DayOfWeek.Thursday);
        prefs.Reminders.ReminderTime.ShouldBe(new TimeOnly(9, 30));
        enrolment.Pauses.ShouldHaveSingleItem().EndsOn.ShouldBe(until);
        ui.ShouldBeAccessible();
    }

    [BrowserTheory]
    [MemberData(nameof(Matrix))]
    public async Task An_admin_sees_the_dashboard_chart_and_invites_a_mentor_who_accepts_from_the_email(Viewport viewport, Input input)
    {
        var ui = await OpenAsync(viewport, input);
        await ui.SignInAsync(DemoSeeder.AdminEmail, DemoSeeder.DemoPassword);
        ui.Page.Url.ShouldEndWith("/admin");

        var programName = await host.App.WithDbAsync(db => db.Programs.OrderBy(p => p.Id).Select(p => p.Name).FirstAsync());
        await ui.FollowAsync(ui.Page.GetByRole(AriaRole.Link, new() { Name = programName, Exact = true }).First);
        await ui.Locate("#completion-chart").ScrollIntoViewIfNeededAsync(); // charts are drawn as they come into view
        await ui.Page.WaitForFunctionAsync("() => { const c = window.Chart && Chart.getChart('completion-chart'); return !!c && c.data.datasets.length > 0 && c.data.labels.length > 0; }");
        (await ui.Locate("#completion-chart").BoundingBoxAsync()).ShouldNotBeNull().Height.ShouldBeGreaterThan(100);
        // The weeks' table folds under the charts; it opens by tap, click or key (issue 36).
        await ui.OpenAsync(ui.Locate("details:has(#weeks-table) > summary"));
        await ui.Locate("#weeks-table").WaitForAsync();

        var invitee = $"{TestData.Unique("new-mentor")}@example.com";
        await ui.MenuAsync("Invitations");
        await ui.FillAsync(ui.Field("Email addresses"), invitee);
        await ui.SelectAsync(ui.Field("Program"), programName);
        await ui.FollowAsync(ui.Button("Send invitations"));
        await ExpectTextAsync(ui.Locate("main"), invitee);
        ui.ShouldBeAccessible();

        await host.App.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        var mail = host.App.Smtp.To(invitee).ShouldHaveSingleItem();
        var link = LinkIn(mail.TextBody!, "/invite/");

        var person = await OpenAsync(viewport, input);
        await person.GoAsync(link);
        await person.FillAsync(person.Field("Your name"), "Nia Okafor");
        await person.FillAsync(person.Field("Password"), "Joined-the-36");
        await person.FillAsync(person.Field("Password, again"), "Joined-the-36");
        await person.FollowAsync(person.Button("Join"));
        await ExpectTextAsync(person.Locate("[role=status]"), "Welcome to Allyship");
        person.Page.Url.ShouldContain("/welcome?program="); // a new mentor starts on the welcome
        await person.FollowAsync(person.Link("Skip for now"));
        await ExpectTextAsync(person.Locate("#minutes-done"), "0 of 36 minutes");
        person.ShouldBeAccessible();
    }

    [BrowserTheory]
    [MemberData(nameof(Matrix))]
    public async Task HR_previews_last_quarter_and_downloads_the_workbook(Viewport viewport, Input input)
    {
        var ui = await OpenAsync(viewport, input);
        await ui.SignInAsync(DemoSeeder.HrEmail, DemoSeeder.DemoPassword);
        ui.Page.Url.ShouldEndWith("/reports");

        await ui.SelectAsync(ui.Field("Quarter"), "FY2026 Q3");
        await ui.FollowAsync(ui.Button("Preview"));
        ui.Page.Url.ShouldContain("quarter=FY2026-Q3");
        var enrolled = (await ui.Locate("#summary").InnerTextAsync()).ShouldNotBeNull();
        enrolled.ShouldContain("enrolled", Case.Insensitive);
        (await ui.Locate("#trend-table tbody tr").CountAsync()).ShouldBe(13); // the demo's half year covers the whole quarter

        var download = await ui.DownloadAsync(ui.Link("Download workbook (XLSX)"));
        download.SuggestedFilename.ShouldBe("allyship-FY2026-Q3-all-programs.xlsx");
        var path = await download.PathAsync();
        (await download.FailureAsync()).ShouldBeNull();
        var previewGap = (await ui.Locate("#voice-gap").InnerTextAsync()).Replace(" pts", "", StringComparison.Ordinal);
        var previewNoneQuarters = (await ui.Locate("#outcomes-table tbody tr:first-child td:nth-of-type(2)").InnerTextAsync()).Trim();
        using (var workbook = SpreadsheetDocument.Open(path, isEditable: false))
        {
            var part = workbook.WorkbookPart.ShouldNotBeNull();
            var sheets = part.Workbook.Sheets.ShouldNotBeNull().Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().ToList();
            sheets.Select(s => s.Name!.Value).ShouldBe(["Summary", "Weeks", "Mentors", "Departments", "Colleagues", "Levels", "Spread", "Voice", "Outcomes", "Definitions"]);

            // The Outcomes sheet has the preview's group sizes (both read OutcomeNumbers).
            var outcomes = (WorksheetPart)part.GetPartById(sheets.Single(s => s.Name!.Value == "Outcomes").Id!.Value!);
            var noneRow = outcomes.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
                .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToList())
                .Single(cells => cells[0] == "No sponsor notes");
            noneRow[2].ShouldBe(previewNoneQuarters);

            // The Voice sheet has the same perception gap as the preview (and the dashboard: both read VoiceNumbers).
            var voice = (WorksheetPart)part.GetPartById(sheets.Single(s => s.Name!.Value == "Voice").Id!.Value!);
            var gapRow = voice.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
                .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToList())
                .Single(cells => cells[0] == "Perception gap FY2026 Q3");
            gapRow[2].ShouldBe(previewGap);
        }

        ui.ShouldBeAccessible();
    }

    [BrowserTheory]
    [MemberData(nameof(Matrix))]
    public async Task An_emailed_unsubscribe_link_works_without_signing_in(Viewport viewport, Input input)
    {
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        await host.App.RunAsync<ReminderJob, int>(job => job.RunAsync());
        await host.App.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        var reminder = host.App.Smtp.To(mentor.Email).ShouldHaveSingleItem();

        var ui = await OpenAsync(viewport, input);
        await ui.GoAsync(LinkIn(reminder.TextBody!, "/unsubscribe"));
        await ui.FollowAsync(ui.Button("Unsubscribe"));
        await ExpectTextAsync(ui.Locate("h1"), "You're unsubscribed");
        (await host.App.WithDbAsync(db => db.MentorPreferences.Where(p => p.UserId == mentor.Id).Select(p => p.ReceiveReminders).SingleAsync()))
            .ShouldBeFalse();
        ui.ShouldBeAccessible();
    }

    /// <summary>The app's link in an email, made relative so the browser uses the served app.</summary>
    private string LinkIn(string body, string path)
    {
        var match = Regex.Match(body, Regex.Escape(host.BaseUrl + path) + @"[^\s""<>]*");
        match.Success.ShouldBeTrue($"no {path} link in:\n{body}");
        return match.Value;
    }
}
