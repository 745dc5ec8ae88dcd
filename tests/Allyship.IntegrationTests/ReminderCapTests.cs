using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static Allyship.TestSupport.Moments;

namespace Allyship.IntegrationTests;

/// <summary>At most one reminder-type email a day (reminder, last call, admin's nudge), with the fake clock.</summary>
public sealed class ReminderCapTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private Task<List<EmailMessage>> RemindersToAsync(string userId) =>
        app.WithDbAsync(db => db.Emails.AsNoTracking().Where(e => e.UserId == userId && (e.Kind == EmailKind.Reminder || e.Kind == EmailKind.LastCall || e.Kind == EmailKind.Nudge))
            .OrderBy(e => e.CreatedUtc).ToListAsync());

    [Fact]
    public async Task A_nudge_holds_back_the_reminder_for_a_day_a_last_call_holds_back_the_nudge_and_two_programs_send_one()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 24, 12)); // Tuesday noon, London
        var program = await _data.ProgramAsync();
        var other = await _data.ProgramAsync();
        var nudged = await _data.MentorAsync(program);
        var twice = await _data.MentorAsync(program, other);
        var adminUser = await _data.UserAsync(Roles.ProgramAdmin);
        var admin = await Browser.SignedInAsync(app, adminUser);
        var url = $"/admin/programs/{program.Id}";

        (await admin.SubmitAsync(url, $"Nudge {nudged.Email}", within: "#lapsed")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var nudge = (await RemindersToAsync(nudged.Id)).ShouldHaveSingleItem();
        nudge.Kind.ShouldBe(EmailKind.Nudge);
        nudge.UnsubscribeUrl.ShouldNotBeNull(); // List-Unsubscribe and one-click, as on every automated email

        // Wednesday 10:00, 22 hours after the nudge: no reminder for her yet; the mentor in two programs gets one, not two.
        app.Clock.SetUtcNow(Utc(2026, 11, 25, 10));
        await app.RunAsync<ReminderJob, int>(job => job.RunAsync());
        (await RemindersToAsync(nudged.Id)).Count.ShouldBe(1);
        (await RemindersToAsync(twice.Id)).ShouldHaveSingleItem().Kind.ShouldBe(EmailKind.Reminder);

        // A day after the nudge, the week's reminder (still due) goes.
        app.Clock.SetUtcNow(Utc(2026, 11, 25, 12, 15));
        await app.RunAsync<ReminderJob, int>(job => job.RunAsync());
        (await RemindersToAsync(nudged.Id)).Select(e => e.Kind).ShouldBe([EmailKind.Nudge, EmailKind.Reminder]);
        (await RemindersToAsync(twice.Id)).Count.ShouldBe(1);

        // Friday 15:00: the last call goes while the admin has a four-week view of the dashboard open (a new session,
        // days later). An hour later her nudge from that page is not sent, and the dashboard says why. (The default view
        // read below is first read after the last call: a view is kept up to LiveNumbers.Lifetime of wall-clock time,
        // and a reminder sent does not evict it.)
        app.Clock.SetUtcNow(Utc(2026, 11, 27, 15));
        admin = await Browser.SignedInAsync(app, adminUser);
        var fourWeeks = $"{url}?period=4";
        var open = await admin.GetPageAsync(fourWeeks);
        await app.RunAsync<ReminderJob, int>(job => job.RunAsync());
        (await RemindersToAsync(twice.Id)).Select(e => e.Kind).ShouldBe([EmailKind.Reminder, EmailKind.LastCall]);
        app.Clock.SetUtcNow(Utc(2026, 11, 27, 16));
        var refused = await admin.SubmitAsync(open, fourWeeks, $"Nudge {twice.Email}", within: "#lapsed");
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await admin.GetPageAsync(url);
        page.QuerySelector("[role=status]")!.TextContent.ShouldContain("No nudge sent:");
        page.QuerySelector("[role=status]")!.TextContent.ShouldContain("got a last call 1 hour ago");
        (await RemindersToAsync(twice.Id)).Count.ShouldBe(2);
        page.QuerySelector("#lapsed-list")!.TextContent.ShouldContain("Reminded in the last day");

        // The admin's outbox page lists the latest emails: what went to whom, of which kind, and how it went.
        var outbox = await admin.GetPageAsync("/admin/emails");
        var rows = outbox.QuerySelectorAll("#recent-emails tbody tr").Select(r => r.TextContent).ToList();
        rows.ShouldContain(r => r.Contains("Last call") && r.Contains(twice.Email) && r.Contains("Waiting"));
        rows.ShouldContain(r => r.Contains("Admin's nudge") && r.Contains(nudged.Email));
    }
}
