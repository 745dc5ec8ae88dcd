using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Features.Reminders;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static Allyship.TestSupport.Moments;

namespace Allyship.IntegrationTests;

public sealed class ReminderTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    /// <summary>The recurring jobs' runs; <paramref name="leased"/> false runs them without their leases, as two instances whose leases overlapped would.</summary>
    private async Task RemindAndSendAsync(bool leased = true)
    {
        await app.RunAsync<ReminderJob, int>(job => leased ? job.RunAsync() : job.QueueDueAsync());
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => leased ? job.RunAsync() : job.DispatchAsync());
    }

    [Fact]
    public async Task The_nudge_arrives_at_10_local_saying_what_is_left()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 23, 9));
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        await app.WithDbAsync(async db => { (await db.Users.SingleAsync(u => u.Id == mentor.Id)).DisplayName = "Ben Yilmaz"; return await db.SaveChangesAsync(); });
        await _data.ActionAsync(mentor, program, await _data.ColleagueAsync(), ActionKind.Coffee, new DateOnly(2026, 11, 23));

        app.Clock.SetUtcNow(Utc(2026, 11, 25, 9, 59)); // Wednesday 09:59 in London (GMT)
        await RemindAndSendAsync();
        app.Smtp.To(mentor.Email).ShouldBeEmpty();

        app.Clock.SetUtcNow(Utc(2026, 11, 25, 10));
        await RemindAndSendAsync();
        var mail = app.Smtp.To(mentor.Email).ShouldHaveSingleItem();
        mail.Subject.ShouldBe("This week: a shout-out and a sponsor note to go"); // under 60 characters
        mail.Subject!.ShouldNotContain("coffee");
        mail.TextBody!.ShouldStartWith("Hi Ben,"); // the first name
        mail.TextBody!.ShouldContain("a shout-out (5 min)");
        mail.TextBody!.ShouldContain("you have done 30 of 36 minutes");
        mail.TextBody!.ShouldContain($"https://allyship.example.org/log/shout-out?program={program.Id}");
        mail.HtmlBody!.ShouldContain($"href=\"https://allyship.example.org/log/sponsor-note?program={program.Id}\"");
        mail.Headers["List-Unsubscribe"]!.ShouldStartWith("<https://allyship.example.org/unsubscribe?token=");
        mail.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");

        // The emailed link works without signing in, and stops the next reminder.
        var unsubscribe = new Uri(mail.Headers["List-Unsubscribe"]!.Trim('<', '>'));
        (await new Browser(app.NewClient()).SubmitAsync(unsubscribe.PathAndQuery, "Unsubscribe"))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        app.Clock.SetUtcNow(Utc(2026, 11, 27, 15));
        await RemindAndSendAsync();
        app.Smtp.To(mentor.Email).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_mentor_who_joins_after_monday_gets_no_reminder_or_last_call_that_week_unless_they_log()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 23, 9));
        var program = await _data.ProgramAsync();
        var veteran = await _data.MentorAsync(program);
        var joiner = await _data.MentorAsync(program);
        var keen = await _data.MentorAsync(program);
        var mondayJoiner = await _data.MentorAsync(program);
        async Task JoinedAsync(TestUser m, DateTime utc) => await app.WithDbAsync(db =>
            db.Enrolments.Where(e => e.MentorId == m.Id && e.ProgramId == program.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.CreatedUtc, utc)));
        await JoinedAsync(joiner, new DateTime(2026, 11, 24, 14, 0, 0, DateTimeKind.Utc)); // Tuesday
        await JoinedAsync(keen, new DateTime(2026, 11, 24, 14, 0, 0, DateTimeKind.Utc));
        await JoinedAsync(mondayJoiner, new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc)); // Monday: a whole week
        await _data.ActionAsync(keen, program, await _data.ColleagueAsync(), ActionKind.Coffee, new DateOnly(2026, 11, 24));

        app.Clock.SetUtcNow(Utc(2026, 11, 25, 10, 1)); // Wednesday's nudge
        await RemindAndSendAsync();
        app.Clock.SetUtcNow(Utc(2026, 11, 27, 15, 1)); // Friday's last call
        await RemindAndSendAsync();
        app.Smtp.To(veteran.Email).Count.ShouldBe(2);
        app.Smtp.To(mondayJoiner.Email).Count.ShouldBe(2);
        app.Smtp.To(keen.Email).Count.ShouldBe(2, "logging something in the join week brings the reminders");
        app.Smtp.To(joiner.Email).ShouldBeEmpty();

        app.Clock.SetUtcNow(Utc(2026, 12, 2, 10, 1)); // the following Wednesday: reminded like everyone
        await RemindAndSendAsync();
        app.Smtp.To(joiner.Email).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Running_the_job_twice_sends_one_email()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 25, 10, 30));
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        await RemindAndSendAsync();
        await RemindAndSendAsync();
        await Task.WhenAll(RemindAndSendAsync(leased: false), RemindAndSendAsync(leased: false));
        app.Smtp.To(mentor.Email).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("Europe/London", 3, 25, 10)] // the week daylight saving starts (Sunday 29 March): Wednesday is still GMT
    [InlineData("Europe/London", 4, 1, 9)] // the week after: BST, 10:00 local is 09:00 UTC
    [InlineData("Europe/London", 10, 21, 9)] // the week daylight saving ends (Sunday 25 October): Wednesday is BST
    [InlineData("Europe/London", 10, 28, 10)] // the week after: GMT again
    [InlineData("America/New_York", 3, 11, 14)] // New York springs forward on 8 March: EDT, UTC-4
    [InlineData("America/New_York", 11, 4, 15)] // and falls back on 1 November: EST, UTC-5
    [InlineData("Pacific/Kiritimati", 11, 24, 20)] // UTC+14: Wednesday 10:00 there is Tuesday 20:00 UTC
    public async Task The_nudge_follows_local_time_across_daylight_saving_changes(string zone, int month, int day, int utcHour)
    {
        var due = Utc(2026, month, day, utcHour);
        app.Clock.SetUtcNow(due.AddDays(-2));
        var program = await _data.ProgramAsync(timeZone: zone);
        var mentor = await _data.MentorAsync(program);

        app.Clock.SetUtcNow(due.AddMinutes(-1));
        await RemindAndSendAsync();
        app.Smtp.To(mentor.Email).ShouldBeEmpty();

        app.Clock.SetUtcNow(due);
        await RemindAndSendAsync();
        app.Smtp.To(mentor.Email).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_mentors_own_time_zone_wins_over_the_programs()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 24, 9));
        var program = await _data.ProgramAsync(timeZone: "Europe/London");
        var mentor = await _data.MentorAsync(program);
        await app.WithDbAsync(db =>
        {
            db.MentorPreferences.Add(new MentorPreferences { UserId = mentor.Id, TimeZoneId = "America/New_York" });
            return db.SaveChangesAsync();
        });

        app.Clock.SetUtcNow(Utc(2026, 11, 25, 14, 59)); // 09:59 in New York
        await RemindAndSendAsync();
        app.Smtp.To(mentor.Email).ShouldBeEmpty();
        app.Clock.SetUtcNow(Utc(2026, 11, 25, 15)); // 10:00 in New York
        await RemindAndSendAsync();
        app.Smtp.To(mentor.Email).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Paused_opted_out_departed_and_complete_mentors_get_nothing()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 23, 9));
        var program = await _data.ProgramAsync();
        var colleague = await _data.ColleagueAsync();
        var normal = await _data.MentorAsync(program);
        var paused = await _data.MentorAsync(program);
        var optedOut = await _data.MentorAsync(program);
        var departed = await _data.MentorAsync(program);
        var complete = await _data.MentorAsync(program);
        await _data.PauseAsync(paused, program, new DateOnly(2026, 11, 20), new DateOnly(2026, 12, 4));
        await app.WithDbAsync(async db =>
        {
            db.MentorPreferences.Add(new MentorPreferences { UserId = optedOut.Id, ReceiveReminders = false });
            (await db.Enrolments.SingleAsync(e => e.MentorId == departed.Id)).Status = EnrolmentStatus.Left;
            return await db.SaveChangesAsync();
        });
        foreach (var kind in new[] { ActionKind.Coffee, ActionKind.ShoutOut, ActionKind.SponsorNote })
        {
            await _data.ActionAsync(complete, program, colleague, kind, new DateOnly(2026, 11, 23));
        }

        foreach (var at in new[] { Utc(2026, 11, 25, 10), Utc(2026, 11, 27, 15), Utc(2026, 11, 29, 23) })
        {
            app.Clock.SetUtcNow(at);
            await RemindAndSendAsync();
        }

        app.Smtp.To(normal.Email).Select(m => m.Subject).ShouldBe(
            ["This week: a coffee, a shout-out and a sponsor note to go",
             "Last call: a coffee, a shout-out and a sponsor note to go"],
            ignoreOrder: true);
        foreach (var quiet in new[] { paused, optedOut, departed, complete })
        {
            app.Smtp.To(quiet.Email).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task A_missed_run_catches_up_once_and_never_sends_both_at_once()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 23, 9));
        var program = await _data.ProgramAsync();
        var lateRun = await _data.MentorAsync(program);

        // The app was down on Wednesday: Thursday's run sends the nudge, once.
        app.Clock.SetUtcNow(Utc(2026, 11, 26, 12));
        await RemindAndSendAsync();
        app.Clock.SetUtcNow(Utc(2026, 11, 26, 12, 5));
        await RemindAndSendAsync();
        app.Smtp.To(lateRun.Email).Count.ShouldBe(1);

        // Down until Saturday: only the last call goes, the nudge it replaced is not sent late.
        var veryLate = await _data.MentorAsync(program);
        app.Clock.SetUtcNow(Utc(2026, 11, 28, 9));
        await RemindAndSendAsync();
        app.Smtp.To(veryLate.Email).ShouldHaveSingleItem().Subject.ShouldStartWith("Last call");
        app.Smtp.To(lateRun.Email).Count.ShouldBe(2);

        // After the week has closed nothing more is sent for it.
        var after = app.Smtp.Received.Count(m => m.To.Mailboxes.Any(b => b.Address == lateRun.Email || b.Address == veryLate.Email));
        app.Clock.SetUtcNow(Utc(2026, 11, 30, 0, 1));
        await app.RunAsync<ReminderJob, int>(job => job.RunAsync());
        (await app.WithDbAsync(db => db.Emails.CountAsync(e => e.UserId == lateRun.Id || e.UserId == veryLate.Id))).ShouldBe(after);
    }

    [Fact]
    public async Task While_smtp_is_down_nothing_is_lost_and_each_email_is_delivered_once_it_returns()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 25, 10));
        var program = await _data.ProgramAsync();
        var first = await _data.MentorAsync(program);
        var second = await _data.MentorAsync(program);
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync()); // flush earlier tests' mail
        await app.RunAsync<ReminderJob, int>(job => job.RunAsync());
        Task<List<EmailMessage>> Rows() => app.WithDbAsync(db => db.Emails.AsNoTracking().Where(e => e.UserId == first.Id || e.UserId == second.Id).ToListAsync());

        await app.Smtp.StopAsync();
        try
        {
            await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
            var rows = await Rows();
            rows.Count.ShouldBe(2);
            rows.ShouldAllBe(r => r.Status == EmailStatus.Pending && r.Attempts == 1 && r.LastError != null && r.LockedUntilUtc == null);
            rows.ShouldAllBe(r => r.NextAttemptUtc == Utc(2026, 11, 25, 10, 1).UtcDateTime);

            // Not due yet: a second run straight away leaves them alone.
            await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
            (await Rows()).ShouldAllBe(r => r.Attempts == 1);

            app.Clock.Advance(TimeSpan.FromMinutes(1));
            await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
            (await Rows()).ShouldAllBe(r => r.Attempts == 2 && r.Status == EmailStatus.Pending && r.NextAttemptUtc == Utc(2026, 11, 25, 10, 3).UtcDateTime);
        }
        finally
        {
            app.Smtp.Start();
        }

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        (await Rows()).ShouldAllBe(r => r.Status == EmailStatus.Sent && r.Attempts == 3 && r.SentUtc != null);
        app.Smtp.To(first.Email).Count.ShouldBe(1);
        app.Smtp.To(second.Email).Count.ShouldBe(1);
    }

    [Fact]
    public async Task After_three_days_of_failures_a_row_is_failed_until_an_admin_retries_it()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 25, 11));
        var address = $"{TestData.Unique("gone")}@example.com";
        await app.WithDbAsync(db =>
        {
            var row = new OutgoingEmail(address, null, "Hello", "<p>Hi</p>", "Hi", EmailKind.Other, TestData.Unique("key")).ToRow(Utc(2026, 11, 22, 10).UtcDateTime);
            row.Attempts = 20;
            row.FirstFailedUtc = Utc(2026, 11, 22, 10).UtcDateTime; // failing since three days and an hour ago
            db.Emails.Add(row);
            return db.SaveChangesAsync();
        });

        await app.Smtp.StopAsync();
        try
        {
            await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        }
        finally
        {
            app.Smtp.Start();
        }

        var failed = await app.WithDbAsync(db => db.Emails.AsNoTracking().SingleAsync(e => e.ToAddress == address));
        (failed.Status, failed.Attempts).ShouldBe((EmailStatus.Failed, 21));
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        app.Smtp.To(address).ShouldBeEmpty();

        // The admin sees it on /admin/emails and retries it; it goes out on the next run, once.
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var page = await admin.GetPageAsync("/admin/emails");
        page.QuerySelector(".failed-emails-table")!.TextContent.ShouldContain(address);
        var id = (await app.WithDbAsync(db => db.Emails.SingleAsync(e => e.ToAddress == address))).Id;
        (await admin.SubmitAsync(page, "/admin/emails", $"Retry the email to {address}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        app.Smtp.To(address).Count.ShouldBe(1);
        (await app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "email.retry" && a.Target == $"email {id}"))).ShouldBeTrue();
    }
}
