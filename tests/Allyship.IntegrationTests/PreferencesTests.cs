using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Features.Reminders;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

public sealed class PreferencesTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    /// <summary>The settings form as a mentor fills it in: her own times (the program's box unticked), a last call, a zone.</summary>
    private static Dictionary<string, string?> Settings(string day = "Thursday", string time = "09:30", string lastDay = "Friday", string lastTime = "16:00",
        string zone = "", bool reminders = true) => new()
        {
            ["Input.UseProgramSchedule"] = null, ["Input.Reminders.ReminderDay"] = day, ["Input.Reminders.ReminderTime"] = time, ["Input.Reminders.LastCallEnabled"] = "true",
            ["Input.Reminders.LastCallDay"] = lastDay, ["Input.Reminders.LastCallTime"] = lastTime, ["Input.TimeZoneId"] = zone,
            ["Input.ReceiveReminders"] = reminders ? "true" : null, ["Input.ReceiveWeeklySummary"] = "true",
        };

    private static Task<HttpResponseMessage> SaveAsync(Browser browser, Dictionary<string, string?> settings) =>
        browser.SubmitAsync("/preferences", "Save settings", settings);

    private Task<MentorPreferences?> PrefsAsync(TestUser user) =>
        app.WithDbAsync(db => db.MentorPreferences.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == user.Id));

    [Fact]
    public async Task A_mentor_sets_reminder_day_time_and_zone()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var browser = await Browser.SignedInAsync(app, mentor);

        var response = await SaveAsync(browser, Settings(zone: "Asia/Tokyo"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var prefs = (await PrefsAsync(mentor))!;
        (prefs.Reminders.ReminderDay, prefs.Reminders.ReminderTime, prefs.Reminders.LastCallTime, prefs.TimeZoneId).ShouldBe((DayOfWeek.Thursday, new TimeOnly(9, 30), new TimeOnly(16, 0), "Asia/Tokyo"));

        var page = await browser.GetPageAsync("/preferences");
        page.QuerySelector("#reminder-day option[selected]")!.TextContent.ShouldBe("Thursday");
        page.QuerySelector("#time-zone option[selected]")!.GetAttribute("value").ShouldBe("Asia/Tokyo");
    }

    [Fact]
    public async Task Emails_greet_by_the_preferred_name_set_on_settings_and_a_long_one_is_refused()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        await app.WithDbAsync(async db => { (await db.Users.SingleAsync(u => u.Id == mentor.Id)).DisplayName = "Beatrice Ng"; return await db.SaveChangesAsync(); });
        var browser = await Browser.SignedInAsync(app, mentor);
        (await browser.GetPageAsync("/preferences")).QuerySelector("#preferred-name-help")!.TextContent.ShouldContain("“Hi Beatrice,”");

        var tooLong = Settings();
        tooLong["Input.PreferredName"] = new string('B', AppUser.PreferredNameMaxLength + 1);
        var refused = await SaveAsync(browser, tooLong);
        (await Browser.ParseAsync(refused)).QuerySelector("#preferred-name-error")!.TextContent.ShouldContain("under 60 characters");

        var fields = Settings();
        fields["Input.PreferredName"] = " Bea ";
        (await SaveAsync(browser, fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == mentor.Id));
        user.PreferredName.ShouldBe("Bea");
        Allyship.Web.Features.Shared.Words.Greeting(user).ShouldBe("Bea");
        (await browser.GetPageAsync("/preferences")).QuerySelector("#preferred-name")!.GetAttribute("value").ShouldBe("Bea");
    }

    [Fact]
    public async Task A_last_call_that_falls_after_the_programs_week_is_refused_with_a_sentence()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync(); // Europe/London
        var mentor = await _data.MentorAsync(program);
        var browser = await Browser.SignedInAsync(app, mentor);

        // Eight hours behind London: Sunday 20:00 in Los Angeles is already Monday 04:00 there.
        var response = await SaveAsync(browser, Settings(lastDay: "Sunday", lastTime: "20:00", zone: "America/Los_Angeles"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await Browser.ParseAsync(response);
        page.QuerySelector("#LastCallTime-error, [id$='last-call-time-error'], .field-error")!.TextContent
            .ShouldContain($"Your last call (Sunday 20:00 in America/Los_Angeles) falls outside the pledge week of {program.Name}, which runs Monday to Sunday in Europe/London.");
        (await PrefsAsync(mentor)).ShouldBeNull("nothing was saved");

        (await SaveAsync(browser, Settings(lastDay: "Sunday", lastTime: "14:00", zone: "America/Los_Angeles")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Until_a_mentor_chooses_their_own_times_the_page_shows_the_programs()
    {
        var program = await _data.ProgramAsync(configure: p => p.Reminders = p.Reminders with { ReminderDay = DayOfWeek.Tuesday, ReminderTime = new TimeOnly(8, 30) });
        var browser = await Browser.SignedInAsync(app, await _data.MentorAsync(program));
        var page = await browser.GetPageAsync("/preferences");
        page.QuerySelector("#reminder-day option[selected]")!.TextContent.ShouldBe("Tuesday");
        page.QuerySelector("#reminder-time")!.GetAttribute("value").ShouldBe("08:30");
        page.QuerySelector("#use-program-schedule")!.HasAttribute("checked").ShouldBeTrue();
    }

    [Fact]
    public async Task Changing_a_time_while_the_programs_times_are_ticked_saves_her_own_and_says_so()
    {
        var program = await _data.ProgramAsync(configure: p => p.Reminders = p.Reminders with { ReminderDay = DayOfWeek.Wednesday, ReminderTime = new TimeOnly(10, 0) });
        var mentor = await _data.MentorAsync(program);
        var browser = await Browser.SignedInAsync(app, mentor);

        // The control: the page's form posted as it came (box ticked, the program's times) keeps the program's times.
        (await browser.SubmitAsync("/preferences", "Save settings", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PrefsAsync(mentor))!.UseProgramSchedule.ShouldBeTrue();
        (await browser.GetPageAsync("/preferences")).QuerySelector(".alert-success[role=status]")!.TextContent.ShouldNotContain("yours now apply");

        // Wednesday changed to Thursday, the box left ticked (as a browser without scripts sends it): hers now, and said.
        var page = await browser.GetPageAsync("/preferences");
        page.QuerySelector("#use-program-schedule")!.HasAttribute("checked").ShouldBeTrue();
        (await browser.SubmitAsync(page, "/preferences", "Save settings", new() { ["Input.Reminders.ReminderDay"] = "Thursday" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var prefs = (await PrefsAsync(mentor))!;
        prefs.UseProgramSchedule.ShouldBeFalse();
        prefs.Reminders.ReminderDay.ShouldBe(DayOfWeek.Thursday);
        prefs.Reminders.ReminderTime.ShouldBe(new TimeOnly(10, 0));

        var after = await browser.GetPageAsync("/preferences");
        after.QuerySelector(".alert-success[role=status]")!.TextContent.ShouldContain("You changed the reminder times, so yours now apply (Thursday at 10:00)");
        after.QuerySelector("#reminder-day option[selected]")!.TextContent.ShouldBe("Thursday");
        after.QuerySelector("#use-program-schedule")!.HasAttribute("checked").ShouldBeFalse();
    }

    [Theory]
    [InlineData("Friday", "15:00", "Wednesday", "10:00", "The last call must come later in the week than the mid-week reminder.")]
    [InlineData("Wednesday", "", "Friday", "15:00", "Enter a time for the reminder, like 10:00.")]
    public async Task Bad_settings_get_a_sentence_and_save_nothing(string day, string time, string lastDay, string lastTime, string message)
    {
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var browser = await Browser.SignedInAsync(app, mentor);
        var response = await SaveAsync(browser, Settings(day, time, lastDay, lastTime));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain(message);
        (await PrefsAsync(mentor)).ShouldBeNull();
    }

    [Fact]
    public async Task A_crafted_time_zone_the_list_does_not_offer_is_refused()
    {
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var browser = await Browser.SignedInAsync(app, mentor);
        var response = await browser.PostCraftedAsync("/preferences", Settings(zone: "Mars/Olympus_Mons"), tokenFrom: "/preferences");
        (await response.Content.ReadAsStringAsync()).ShouldContain("Choose a time zone from the list.");
        (await PrefsAsync(mentor)).ShouldBeNull();
    }

    [Fact]
    public async Task A_paused_mentor_gets_no_reminders_and_resuming_brings_them_back()
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var browser = await Browser.SignedInAsync(app, mentor);

        (await browser.SubmitAsync("/preferences", "Pause reminders", new() { ["PauseUntil"] = "2026-11-26" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetPageAsync("/week")).Body!.TextContent.ShouldContain("You're paused until 26 November");

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        await app.RunAsync<ReminderJob, int>(job => job.RunAsync());
        (await app.WithDbAsync(db => db.Emails.CountAsync(e => e.UserId == mentor.Id))).ShouldBe(0);

        browser = await Browser.SignedInAsync(app, mentor); // two days on: that session has ended
        (await browser.SubmitAsync("/preferences", "Resume now")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await app.RunAsync<ReminderJob, int>(job => job.RunAsync());
        (await app.WithDbAsync(db => db.Emails.CountAsync(e => e.UserId == mentor.Id))).ShouldBe(1);
        var pause = await app.WithDbAsync(db => db.EnrolmentPauses.AsNoTracking().SingleAsync(p => db.Enrolments.Any(e => e.Id == p.EnrolmentId && e.MentorId == mentor.Id)));
        (pause.StartsOn, pause.EndsOn).ShouldBe((new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 24)));
    }

    [Fact]
    public async Task A_pause_date_in_the_past_is_refused()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var browser = await Browser.SignedInAsync(app, mentor);
        var response = await browser.SubmitAsync("/preferences", "Pause reminders", new() { ["PauseUntil"] = "2026-11-01" });
        (await response.Content.ReadAsStringAsync()).ShouldContain("The last day of your break can&#x27;t be in the past.");
        (await app.WithDbAsync(db => db.Enrolments.SingleAsync(e => e.MentorId == mentor.Id))).Status.ShouldBe(EnrolmentStatus.Active);
    }

    [Fact]
    public async Task Unsubscribe_works_without_signing_in()
    {
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        string link;
        await using (var scope = app.Scope())
        {
            link = scope.ServiceProvider.GetRequiredService<UnsubscribeTokens>().Link(mentor.Id, EmailCategory.Reminders);
        }

        var path = new Uri(link).PathAndQuery;
        var anonymous = new Browser(app.NewClient());
        var page = await anonymous.GetPageAsync(path);
        page.Body!.TextContent.ShouldContain($"Stop reminder emails to {mentor.Email}?");
        (await PrefsAsync(mentor)).ShouldBeNull(); // a GET (a link scanner) changes nothing

        var response = await anonymous.SubmitAsync(page, path, "Unsubscribe");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(response)).QuerySelector("h1")!.TextContent.ShouldBe("You're unsubscribed");
        var prefs = (await PrefsAsync(mentor))!;
        prefs.ReceiveReminders.ShouldBeFalse();
        prefs.ReceiveWeeklySummary.ShouldBeTrue();
    }

    [Fact]
    public async Task One_click_unsubscribe_from_a_mail_program_works()
    {
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        string link;
        await using (var scope = app.Scope())
        {
            link = scope.ServiceProvider.GetRequiredService<UnsubscribeTokens>().Link(mentor.Id, EmailCategory.WeeklySummary);
        }

        // RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" to the List-Unsubscribe URL, with no cookies.
        var response = await new Browser(app.NewClient()).OneClickUnsubscribeAsync(new Uri(link).PathAndQuery);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PrefsAsync(mentor))!.ReceiveWeeklySummary.ShouldBeFalse();
    }

    [Fact]
    public async Task A_tampered_or_expired_unsubscribe_token_changes_nothing()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        string token;
        await using (var scope = app.Scope())
        {
            token = scope.ServiceProvider.GetRequiredService<UnsubscribeTokens>().Create(mentor.Id, EmailCategory.Reminders);
        }

        var tampered = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        foreach (var bad in new[] { tampered, "not-a-token", "" })
        {
            // What a mail program posts for a tampered link (the page itself shows no form for one).
            var response = await new Browser(app.NewClient()).OneClickUnsubscribeAsync($"/unsubscribe?token={Uri.EscapeDataString(bad)}");
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.Content.ReadAsStringAsync()).ShouldContain("nothing was changed");
        }

        app.Clock.Advance(UnsubscribeTokens.Lifetime + TimeSpan.FromMinutes(1));
        var expired = await new Browser(app.NewClient()).OneClickUnsubscribeAsync($"/unsubscribe?token={Uri.EscapeDataString(token)}");
        expired.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        app.Clock.SetUtcNow(AppFixture.DefaultNow);

        (await PrefsAsync(mentor)).ShouldBeNull();
    }

    [Fact]
    public async Task A_bad_email_setting_stops_start_up_with_a_message_naming_it()
    {
        await using var app = new AppFixture(); // disposing it disposes the factory derived from it
        var broken = app.WithWebHostBuilder(b => b.UseSetting("Email:From", "not an address"));
        var error = Should.Throw<OptionsValidationException>(() => broken.Services.GetRequiredService<IOptions<EmailOptions>>().Value);
        error.Message.ShouldContain("Email:From");
    }

    [Fact]
    public async Task Settings_for_HR_alone_say_what_the_account_receives_instead_of_an_empty_form()
    {
        var hr = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.HR));
        var page = await hr.GetPageAsync("/preferences");
        page.QuerySelector("#nothing-to-set")!.TextContent.ShouldContain("when a colleague raises a concern");
        page.QuerySelector("main form").ShouldBeNull();
    }
}
