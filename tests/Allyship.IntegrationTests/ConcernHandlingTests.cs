using System.Net;
using System.Text.RegularExpressions;
using Allyship.Web.Data;
using Allyship.Web.Features.Concerns;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// Concerns that get handled (issue 36): new → in progress with an owner and a note → a reply she reads through her
/// link (the email says there is one, never what it says) → resolved; anonymous ones answered through the link only;
/// the reminder once the promised reply time passes, sent once; only the program team may change anything; erasure
/// unties her concerns. Each test has its own app and database, all through the pages' own forms.
/// </summary>
public sealed partial class ConcernHandlingTests(ITestOutputHelper output)
{
    private const string Message = "The mentor keeps asking about my plans for children.";
    private const string NoteText = "NOTE-7731 spoke to Amara Okafor's mentor; he apologised.";
    private const string ReplyText = "REPLY-5520 Thank you: we spoke to the mentor and he will keep to career topics.";

    private sealed record Scenario(AppFixture App, TestUser Admin, TestUser Hr, Colleague Amara, string Token);

    /// <summary>Wednesday 25 November 2026, 12:00 UTC: an admin, an HR user and Amara with a link from an email.</summary>
    private async Task<Scenario> ScenarioAsync()
    {
        var app = new AppFixture();
        app.LogTo(output);
        var data = new TestData(app);
        var admin = await data.UserAsync(Roles.ProgramAdmin);
        var hr = await data.UserAsync(Roles.HR);
        var amara = await data.ColleagueAsync("Amara Okafor");
        await data.ProgramAsync(start: new DateOnly(2026, 10, 5)); // the quarterly preview needs a program
        return new Scenario(app, admin, hr, amara, TokenFor(app, amara));
    }

    /// <summary>The link every email to her carries (here a week's confirmation link).</summary>
    private static string TokenFor(AppFixture app, Colleague colleague) =>
        app.Services.GetRequiredService<VoiceLinks>().NewToken(VoicePurpose.Confirm, colleague.Id, new DateOnly(2026, 11, 16));

    private static async Task<int> RaiseAsync(AppFixture app, string token, bool anonymous, Browser? browser = null)
    {
        var her = browser ?? new Browser(app.NewClient());
        var fill = new Dictionary<string, string?> { ["Message"] = Message };
        if (anonymous)
        {
            fill["Anonymous"] = "true";
        }

        (await her.SubmitAsync($"/colleague/concern/{token}", "Send to the program team", fill)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return await app.WithDbAsync(db => db.Concerns.OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync());
    }

    [GeneratedRegex(@"/colleague/concern/([A-Za-z0-9_-]+)")]
    private static partial Regex ConcernLink();

    [Fact]
    public async Task A_concern_goes_new_to_in_progress_with_an_owner_and_a_note_then_a_reply_she_reads_through_her_link_then_resolved()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var her = new Browser(app.NewClient());
        var id = await RaiseAsync(app, s.Token, anonymous: false, her);
        var sent = await her.GetPageAsync($"/colleague/concern/{s.Token}");
        sent.QuerySelector("#concern-promise")!.TextContent.ShouldContain("We aim to reply within 5 working days.");
        sent.QuerySelector(".my-concern-state")!.TextContent.ShouldBe("Received");

        var hr = await Browser.SignedInAsync(app, s.Hr);
        var page = $"/concerns/{id}";
        var opened = await hr.GetPageAsync(page);
        opened.QuerySelector("#concern-state")!.TextContent.ShouldBe("New");
        opened.QuerySelector("#concern-next")!.TextContent.ShouldContain("waiting for a reply");

        // Take it on: in progress, owned by HR.
        (await hr.SubmitAsync(page, "Save state and owner", new() { ["State"] = ((int)ConcernState.InProgress).ToString(), ["OwnerId"] = s.Hr.Id }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await hr.SubmitAsync(page, "Add note", new() { ["Note"] = "  " })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await hr.SubmitAsync(page, "Add note", new() { ["Note"] = NoteText })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var handled = await hr.GetPageAsync(page);
        handled.QuerySelector("#concern-state")!.TextContent.ShouldBe("In progress");
        handled.QuerySelector("#concern-owner")!.TextContent.ShouldBe(s.Hr.Email); // a test user's name is their address
        handled.QuerySelector("#concern-entries")!.TextContent.ShouldContain(NoteText);
        handled.QuerySelector("#reply-reach")!.TextContent.ShouldContain("gets an email");

        // The note is for the team: encrypted at rest, never on her page.
        (await app.WithDbAsync(db => db.ConcernEntries.Select(e => e.Text).SingleAsync())).ShouldNotContain("NOTE-7731");
        (await her.GetPageAsync($"/colleague/concern/{s.Token}")).Body!.TextContent.ShouldNotContain("NOTE-7731");

        (await hr.SubmitAsync(page, "Send reply", new() { ["Reply"] = ReplyText })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.ConcernEntries.Where(e => e.Kind == ConcernEntryKind.Reply).Select(e => e.Text).SingleAsync())).ShouldNotContain("REPLY-5520");

        // She is told there is a reply, not what it says; the email's own link opens it.
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        var mail = app.Smtp.To(s.Amara.Email).ShouldHaveSingleItem();
        mail.Subject.ShouldBe($"The program team replied to your message {Concern.ReferenceOf(id)}");
        mail.TextBody!.ShouldNotContain("REPLY-5520");
        mail.HtmlBody!.ShouldNotContain("REPLY-5520");
        var fresh = ConcernLink().Match(mail.TextBody!).Groups[1].Value;
        fresh.ShouldNotBeEmpty();
        var reply = await her.GetPageAsync($"/colleague/concern/{fresh}");
        reply.QuerySelector(".my-concern-reply")!.TextContent.ShouldContain(ReplyText);
        reply.QuerySelector(".my-concern-state")!.TextContent.ShouldBe("The program team is working on it");
        reply.Body!.TextContent.ShouldNotContain("NOTE-7731");

        (await hr.SubmitAsync(page, "Save state and owner", new() { ["State"] = ((int)ConcernState.Resolved).ToString() })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await hr.GetPageAsync(page)).QuerySelector("#concern-state")!.TextContent.ShouldBe("Resolved");
        (await her.GetPageAsync($"/colleague/concern/{s.Token}")).QuerySelector(".my-concern-state")!.TextContent.ShouldBe("Resolved");

        // Everything audited, no text in the log.
        var audit = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Action.StartsWith("concern.") && a.Action != "concern.read").ToListAsync());
        audit.Select(a => a.Action).Order().ShouldBe(["concern.note", "concern.owner", "concern.reply", "concern.state", "concern.state"]);
        audit.ShouldAllBe(a => a.ActorEmail == s.Hr.Email && a.Target == $"concern {id}");
        audit.ShouldNotContain(a => a.Details != null && (a.Details.Contains("REPLY-5520") || a.Details.Contains("NOTE-7731")));

        // HR's quarterly preview counts it, by state and age, without its words.
        var report = await hr.GetPageAsync("/reports?quarter=FY2026-Q4&program=all");
        var counts = report.QuerySelector("#concern-counts")!;
        counts.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Resolved").QuerySelectorAll("td")[^1].TextContent.ShouldBe("1");
        report.Body!.TextContent.ShouldNotContain("children");
    }

    [Fact]
    public async Task An_anonymous_concerns_reply_is_read_through_her_link_only_and_no_one_else_sees_it()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var other = await new TestData(app).ColleagueAsync("Bea Santos");
        var id = await RaiseAsync(app, s.Token, anonymous: true);
        (await app.WithDbAsync(db => db.Concerns.SingleAsync(c => c.Id == id))).ColleagueId.ShouldBeNull();

        var admin = await Browser.SignedInAsync(app, s.Admin);
        var page = $"/concerns/{id}";
        var opened = await admin.GetPageAsync(page);
        opened.QuerySelector("#reply-reach")!.TextContent.ShouldContain("no address to email"); // said to the admin before writing
        opened.Body!.TextContent.ShouldNotContain("Amara");
        (await admin.SubmitAsync(page, "Send reply", new() { ["Reply"] = ReplyText })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetPageAsync(page)).QuerySelector("#concern-state")!.TextContent.ShouldBe("In progress"); // the reply took it on

        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        app.Smtp.To(s.Amara.Email).ShouldBeEmpty();
        (await app.WithDbAsync(db => db.Emails.CountAsync(e => e.Kind == EmailKind.ConcernReply))).ShouldBe(0);

        // Her link, even a newer one, shows it; another colleague's link doesn't.
        var her = new Browser(app.NewClient());
        var newer = app.Services.GetRequiredService<VoiceLinks>().NewToken(VoicePurpose.Pulse, s.Amara.Id, new DateOnly(2026, 10, 1));
        foreach (var token in new[] { s.Token, newer })
        {
            (await her.GetPageAsync($"/colleague/concern/{token}")).QuerySelector(".my-concern-reply")!.TextContent.ShouldContain(ReplyText);
        }

        var bea = await her.GetPageAsync($"/colleague/concern/{TokenFor(app, other)}");
        bea.QuerySelector("#my-concerns").ShouldBeNull();
        bea.Body!.TextContent.ShouldNotContain("REPLY-5520");
    }

    [Fact]
    public async Task A_concern_past_its_reply_time_reminds_its_owner_once_or_the_team_when_nobody_owns_it()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var owned = await RaiseAsync(app, s.Token, anonymous: false);
        var unowned = await RaiseAsync(app, s.Token, anonymous: true);
        var answered = await RaiseAsync(app, s.Token, anonymous: true);
        var admin = await Browser.SignedInAsync(app, s.Admin);
        (await admin.SubmitAsync($"/concerns/{owned}", "Save state and owner", new() { ["OwnerId"] = s.Admin.Id })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.SubmitAsync($"/concerns/{answered}", "Send reply", new() { ["Reply"] = ReplyText })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Raised Wednesday 25 November at noon: 5 working days is Wednesday 2 December at noon.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 11, 0, 0, TimeSpan.Zero));
        (await app.RunAsync<ConcernReminderJob, int>(job => job.RunAsync())).ShouldBe(0);
        admin = await Browser.SignedInAsync(app, s.Admin); // a week on: a new session
        (await admin.GetPageAsync($"/concerns/{owned}")).QuerySelector("#concern-next")!.TextContent.ShouldNotContain("overdue");

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 13, 0, 0, TimeSpan.Zero));
        (await app.RunAsync<ConcernReminderJob, int>(job => job.RunAsync())).ShouldBe(2);
        (await app.RunAsync<ConcernReminderJob, int>(job => job.RunAsync())).ShouldBe(0); // never twice
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 13, 0, 0, TimeSpan.Zero));
        (await app.RunAsync<ConcernReminderJob, int>(job => job.RunAsync())).ShouldBe(0);

        var reminders = await app.WithDbAsync(db => db.Emails.Where(e => e.Kind == EmailKind.ConcernOverdue).ToListAsync());
        reminders.Where(e => e.DeduplicationKey.StartsWith(ConcernReminderJob.KeyPrefix(owned))).Select(e => e.ToAddress).ShouldBe([s.Admin.Email]);
        reminders.Where(e => e.DeduplicationKey.StartsWith(ConcernReminderJob.KeyPrefix(unowned))).Select(e => e.ToAddress).Order()
            .ShouldBe(new[] { s.Admin.Email, s.Hr.Email }.Order());
        reminders.ShouldNotContain(e => e.DeduplicationKey.StartsWith(ConcernReminderJob.KeyPrefix(answered)));
        reminders.ShouldAllBe(e => !e.TextBody.Contains("children"));
        admin = await Browser.SignedInAsync(app, s.Admin);
        (await admin.GetPageAsync($"/concerns/{owned}")).QuerySelector("#concern-next")!.TextContent.ShouldContain("overdue");

        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        app.Smtp.To(s.Hr.Email).Count(m => m.Subject!.Contains("waiting for a reply", StringComparison.Ordinal)).ShouldBe(1);
        app.Smtp.To(s.Admin.Email).Count(m => m.Subject!.Contains("waiting for a reply", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task A_mentors_crafted_posts_cannot_change_a_concern_and_he_cannot_open_it()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var id = await RaiseAsync(app, s.Token, anonymous: false);
        var data = new TestData(app);
        var mentor = await Browser.SignedInAsync(app, await data.MentorAsync(await data.ProgramAsync()));

        (await mentor.StatusOfAsync($"/concerns/{id}")).ShouldBe(HttpStatusCode.Forbidden);
        foreach (var (handler, field, value) in new[] { ("Update", "State", "2"), ("Reply", "Reply", ReplyText), ("Note", "Note", NoteText) })
        {
            (await mentor.PostCraftedAsync($"/concerns/{id}?handler={handler}", new Dictionary<string, string?> { [field] = value }, tokenFrom: "/preferences"))
                .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var concern = await app.WithDbAsync(db => db.Concerns.Include(c => c.Entries).SingleAsync(c => c.Id == id));
        concern.State.ShouldBe(ConcernState.New);
        concern.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Erasing_her_unties_her_concerns_and_rewrites_her_name_in_the_teams_notes()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var id = await RaiseAsync(app, s.Token, anonymous: true);
        var admin = await Browser.SignedInAsync(app, s.Admin);
        (await admin.SubmitAsync($"/concerns/{id}", "Add note", new() { ["Note"] = NoteText })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var edit = $"/admin/colleagues/{s.Amara.Id}/edit";
        (await admin.SubmitAsync(edit, "Erase ", new() { ["confirm"] = s.Amara.Email })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var concern = await app.WithDbAsync(db => db.Concerns.Include(c => c.Entries).SingleAsync(c => c.Id == id));
        concern.ReplyTo.ShouldBeNull(); // no concern can be traced to her any more
        var note = app.ReadNote(concern.Entries.Single().Text)!;
        note.ShouldNotContain("Amara Okafor");
        note.ShouldContain("NOTE-7731 spoke to Former colleague's mentor");
    }
}
