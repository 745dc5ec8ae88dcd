using System.Net;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

public sealed class ProgramAdminTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private static Dictionary<string, string?> ProgramForm(string name, string zone = "Europe/Berlin", string start = "2026-12-07", string? end = null,
        string coffees = "2") => new()
        {
            ["Input.Name"] = name, ["Input.Description"] = "For the sales leadership team", ["Input.TimeZoneId"] = zone,
            ["Input.StartDate"] = start, ["Input.EndDate"] = end, ["Input.Coffees"] = coffees, ["Input.ShoutOuts"] = "1", ["Input.SponsorNotes"] = "1",
            ["Input.CoffeeMinutes"] = "30", ["Input.ShoutOutMinutes"] = "5", ["Input.SponsorNoteMinutes"] = "1",
            ["Input.Reminders.ReminderDay"] = "Tuesday", ["Input.Reminders.ReminderTime"] = "09:00", ["Input.Reminders.LastCallEnabled"] = "true",
            ["Input.Reminders.LastCallDay"] = "Thursday", ["Input.Reminders.LastCallTime"] = "16:00",
        };

    /// <summary>The new-program form as the page renders it, filled in and sent with its own button.</summary>
    private static Task<HttpResponseMessage> CreateAsync(Browser browser, Dictionary<string, string?> form) =>
        browser.SubmitAsync("/admin/programs/new", "Create program", form);

    [Fact]
    public async Task An_admin_creates_a_program_and_it_is_audited()
    {
        var admin = await _data.UserAsync(Roles.ProgramAdmin);
        var browser = await Browser.SignedInAsync(app, admin);
        var name = TestData.Unique("Sales pledge");
        var response = await CreateAsync(browser, ProgramForm(name));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var program = await app.WithDbAsync(db => db.Programs.AsNoTracking().SingleAsync(p => p.Name == name));
        (program.TimeZoneId, program.StartDate, program.Targets.Coffees, program.Targets.TotalMinutes, program.Reminders.ReminderDay, program.Reminders.ReminderTime)
            .ShouldBe(("Europe/Berlin", new DateOnly(2026, 12, 7), 2, 66, DayOfWeek.Tuesday, new TimeOnly(9, 0)));
        var audit = await app.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(a => a.Target.Contains(name)).ToListAsync());
        audit.ShouldHaveSingleItem().Action.ShouldBe("program.create");
        audit[0].ActorEmail.ShouldBe(admin.Email);
        (await browser.GetPageAsync("/admin/audit")).Body!.TextContent.ShouldContain(name);
    }

    [Theory]
    [InlineData("Input.Name", "", "Enter the program&#x27;s name.")]
    [InlineData("Input.TimeZoneId", "Moon/Base", "Choose a time zone from the list")]
    [InlineData("Input.EndDate", "2026-12-01", "The end date can&#x27;t be before the start date.")]
    [InlineData("Input.Coffees", "-1", "The weekly number of coffees must be between 0 and 14.")]
    [InlineData("Input.CoffeeMinutes", "0", "Minutes must be between 1 and 240.")]
    [InlineData("Input.Reminders.LastCallDay", "Monday", "The last call must come later in the week than the mid-week reminder.")]
    public async Task Bad_program_settings_get_a_sentence_and_save_nothing(string field, string value, string message)
    {
        var browser = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var name = TestData.Unique("Bad");
        var form = ProgramForm(name);
        form[field] = value;
        var response = await CreateAsync(browser, form);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain(message);
        (await app.WithDbAsync(db => db.Programs.CountAsync(p => p.Name == name))).ShouldBe(0);
    }

    [Fact]
    public async Task An_archived_program_disappears_for_its_mentors_and_can_be_restored()
    {
        var program = await _data.ProgramAsync();
        var mentor = await Browser.SignedInAsync(app, await _data.MentorAsync(program));
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));

        (await admin.SubmitAsync($"/admin/programs/{program.Id}/edit", "Archive this program"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await mentor.GetPageAsync("/week")).Body!.TextContent.ShouldContain("You're not in a program yet");

        await admin.SubmitAsync($"/admin/programs/{program.Id}/edit", "Restore this program");
        (await mentor.GetPageAsync("/week")).QuerySelector("#minutes-done").ShouldNotBeNull();
    }

    [Fact]
    public async Task An_admin_pauses_resumes_and_removes_a_mentor()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var page = $"/admin/programs/{program.Id}/mentors";
        var enrolmentId = await app.WithDbAsync(db => db.Enrolments.Where(e => e.MentorId == mentor.Id).Select(e => e.Id).SingleAsync());
        Task<Enrolment> Enrolment() => app.WithDbAsync(db => db.Enrolments.AsNoTracking().Include(e => e.Pauses).SingleAsync(e => e.Id == enrolmentId));
        var today = new DateOnly(2026, 11, 25);

        var bad = await admin.SubmitAsync(page, "Pause", new() { ["pauseUntil"] = "2026-11-01" });
        (await bad.Content.ReadAsStringAsync()).ShouldContain("Enter the last day of the pause: today or later.");
        (await Enrolment()).IsPausedOn(today).ShouldBeFalse();

        (await admin.SubmitAsync(page, "Pause", new() { ["pauseUntil"] = "2026-12-06" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Enrolment()).PauseOn(today)!.EndsOn.ShouldBe(new DateOnly(2026, 12, 6));
        (await admin.GetPageAsync(page)).Body!.TextContent.ShouldContain("Paused until 6 Dec");
        (await admin.SubmitAsync(page, "Resume")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ((await Enrolment()).Status, (await Enrolment()).IsPausedOn(today)).ShouldBe((EnrolmentStatus.Active, false));
        (await admin.GetPageAsync(page)).QuerySelector("#pause-" + enrolmentId)!.ShouldNotBeNull();
        (await admin.GetPageAsync(page)).QuerySelector($"label[for=pause-{enrolmentId}]")!.TextContent.ShouldContain("Pause until");

        // Remove asks first, naming the person; nothing changes until the confirmation is posted.
        var asking = await admin.GetPageAsync($"{page}?remove={enrolmentId}");
        asking.QuerySelector("#confirm-remove")!.TextContent.ShouldContain($"Remove {mentor.Email} from {program.Name}?");
        (await Enrolment()).Status.ShouldBe(EnrolmentStatus.Active);
        var removed = await admin.SubmitAsync(asking, $"{page}?remove={enrolmentId}", $"Remove ");
        removed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Enrolment()).Status.ShouldBe(EnrolmentStatus.Left);
        var after = await admin.GetPageAsync(page);
        after.QuerySelector("[role=status]")!.TextContent.ShouldContain($"Removed {mentor.Email} from the program");
        after.QuerySelector("#confirm-remove").ShouldBeNull();

        (await admin.SubmitAsync(page, "Re-enrol")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Enrolment()).Status.ShouldBe(EnrolmentStatus.Active);
        (await admin.GetPageAsync(page)).QuerySelector("[role=status]")!.TextContent.ShouldContain($"Re-enrolled {mentor.Email}");

        var actions = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Target == mentor.Email).Select(a => a.Action).ToListAsync());
        actions.ShouldBe(["enrolment.pause", "enrolment.resume", "enrolment.remove", "enrolment.rejoin"]);
    }
}
