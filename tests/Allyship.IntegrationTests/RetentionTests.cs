using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>Nothing lingers: one-time links leave the outbox when sent, old email bodies and old private notes are cleared.</summary>
public sealed class RetentionTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Fact]
    public async Task Invitation_and_reset_links_are_gone_from_the_outbox_once_sent()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var invited = $"{TestData.Unique("link")}@example.com";
        (await admin.SubmitAsync("/admin/invitations", "Send invitations", new()
        {
            ["Input.Emails"] = invited, ["Input.ProgramId"] = program.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Mentor"] = "true", ["Input.ProgramAdmin"] = "false", ["Input.HR"] = "false",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await new Browser(app.NewClient()).SubmitAsync("/account/forgot-password", "Send the link", new() { ["Email"] = mentor.Email });
        (await app.WithDbAsync(db => db.Emails.CountAsync(e => (e.ToAddress == invited || e.ToAddress == mentor.Email) && e.TextBody.Contains("https://")))).ShouldBe(2, "pending: the link waits in the outbox");

        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        app.Smtp.To(invited).ShouldHaveSingleItem().TextBody!.ShouldContain("/invite/");
        app.Smtp.To(mentor.Email).ShouldHaveSingleItem().TextBody!.ShouldContain("/account/set-password");
        var rows = await app.WithDbAsync(db => db.Emails.Where(e => e.ToAddress == invited || e.ToAddress == mentor.Email).ToListAsync());
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(e => e.Status == EmailStatus.Sent && e.TextBody == EmailMessage.ClearedBody && e.HtmlBody == EmailMessage.ClearedBody);
    }

    [Fact]
    public async Task The_nightly_job_clears_week_old_email_bodies_and_notes_past_their_retention()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync(start: new DateOnly(2024, 1, 1));
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        var old = await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2024, 10, 1), privateNotes: "Two years ago.");
        var recent = await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 2), privateNotes: "This month.");
        var email = await app.WithDbAsync(async db =>
        {
            var row = new OutgoingEmail(mentor.Email, null, "Your week", "<p>Week body</p>", "Week body", EmailKind.WeeklySummary, $"retention:{mentor.Id}").ToRow(AppFixture.DefaultNow.UtcDateTime.AddDays(-9));
            row.Status = EmailStatus.Sent;
            row.SentUtc = AppFixture.DefaultNow.UtcDateTime.AddDays(-8);
            db.Emails.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        });

        var (notes, bodies) = await app.RunAsync<RetentionJob, (int, int)>(job => job.RunAsync());
        notes.ShouldBeGreaterThanOrEqualTo(1);
        bodies.ShouldBeGreaterThanOrEqualTo(1);
        (await app.WithDbAsync(db => db.Actions.SingleAsync(a => a.Id == old.Id))).PrivateNotes.ShouldBeNull();
        app.ReadNote((await app.WithDbAsync(db => db.Actions.SingleAsync(a => a.Id == recent.Id))).PrivateNotes).ShouldBe("This month.");
        var sent = await app.WithDbAsync(db => db.Emails.SingleAsync(e => e.Id == email));
        sent.TextBody.ShouldBe(EmailMessage.ClearedBody);
        sent.DeduplicationKey.ShouldBe($"retention:{mentor.Id}", "the row stays: it is what keeps an email from going twice");
        (await app.RunAsync<RetentionJob, (int, int)>(job => job.RunAsync())).ShouldBe((0, 0), "a second run has nothing left to do");
    }
}
