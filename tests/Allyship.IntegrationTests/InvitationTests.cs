using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

public sealed partial class InvitationTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private static Dictionary<string, string?> InviteForm(PledgeProgram program, string emails, bool mentor = true, bool hr = false) => new()
    {
        ["Input.Emails"] = emails, ["Input.ProgramId"] = program.Id.ToString(), ["Input.Mentor"] = mentor ? "true" : "false",
        ["Input.ProgramAdmin"] = "false", ["Input.HR"] = hr ? "true" : "false", ["Input.Department"] = "Sales",
    };

    private static Task<HttpResponseMessage> InviteAsync(Browser admin, Dictionary<string, string?> form, Dictionary<string, Upload>? files = null) =>
        admin.SubmitAsync("/admin/invitations", "Send invitations", form, files: files);

    private async Task<string> LinkFromEmailAsync(string address, int index = -1)
    {
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        var mails = app.Smtp.To(address);
        var mail = index < 0 ? mails[^1] : mails[index];
        var match = InviteLink().Match(mail.TextBody!);
        match.Success.ShouldBeTrue(mail.TextBody);
        return match.Groups["path"].Value;
    }

    private static Dictionary<string, string?> Join(string name = "Ines Newcomer") =>
        new() { ["Input.Name"] = name, ["Input.Password"] = "Invited-and-in-36", ["Input.Confirm"] = "Invited-and-in-36" };

    [Fact]
    public async Task Invited_people_get_an_email_whose_link_creates_their_account_once()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var first = $"{TestData.Unique("ines")}@example.com";
        var second = $"{TestData.Unique("jo")}@example.com";

        var response = await InviteAsync(admin, InviteForm(program, $"{first}\n{second.ToUpperInvariant()}, {first}"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var list = await admin.GetPageAsync("/admin/invitations");
        list.QuerySelectorAll(".invitations-table tbody tr").Select(r => r.TextContent).Where(t => t.Contains(first) || t.Contains(second)).Count().ShouldBe(2);
        list.Body!.TextContent.ShouldContain("Invited");

        var link = await LinkFromEmailAsync(first);
        var invitationMail = app.Smtp.To(first).ShouldHaveSingleItem();
        invitationMail.Subject.ShouldBe($"You're invited to the {program.Name} program on Allyship");
        invitationMail.TextBody!.ShouldContain($"invites you to join the {program.Name} program"); // who invited you, and into what
        invitationMail.TextBody!.ShouldContain("until Wednesday 2 December 2026 12:00 (Europe/London)"); // the program's zone, not UTC
        var visitor = new Browser(app.NewClient());
        (await visitor.GetPageAsync(link)).Body!.TextContent.ShouldContain($"You're invited as {first}");
        var joined = await visitor.SubmitAsync(link, "Join", Join());
        joined.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await visitor.GetPageAsync("/week")).QuerySelector("#minutes-done")!.TextContent.ShouldContain("0 of 36 minutes");

        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == first));
        (user.DisplayName, user.Department).ShouldBe(("Ines Newcomer", "Sales"));
        (await app.WithDbAsync(db => db.Enrolments.AnyAsync(e => e.MentorId == user.Id && e.ProgramId == program.Id))).ShouldBeTrue();
        (await admin.GetPageAsync("/admin/invitations")).Body!.TextContent.ShouldContain("Accepted");

        // The link works once.
        var again = await new Browser(app.NewClient()).Client.GetAsync(new Uri(link, UriKind.Relative));
        again.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await again.Content.ReadAsStringAsync()).ShouldContain("already joined");
    }

    [Fact]
    public async Task An_invitation_link_expires_after_7_days()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var email = $"{TestData.Unique("late")}@example.com";
        await InviteAsync(admin, InviteForm(program, email));
        var link = await LinkFromEmailAsync(email);
        var visitor = new Browser(app.NewClient());
        var opened = await visitor.GetPageAsync(link); // opened in time, sent a minute too late

        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var response = await visitor.SubmitAsync(opened, link, "Join", Join());
        response.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await response.Content.ReadAsStringAsync()).ShouldContain("This invitation has expired");
        (await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email))).ShouldBeFalse();
        admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin)); // a week later, the old session has ended
        (await admin.GetPageAsync("/admin/invitations")).QuerySelectorAll(".invitations-table tbody tr")
            .Single(r => r.TextContent.Contains(email)).TextContent.ShouldContain("Expired");
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
    }

    [Fact]
    public async Task Resending_an_invitation_invalidates_the_old_link_and_revoking_ends_it()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var email = $"{TestData.Unique("again")}@example.com";
        await InviteAsync(admin, InviteForm(program, email));
        var oldLink = await LinkFromEmailAsync(email);

        (await admin.SubmitAsync("/admin/invitations", $"Re-send the invitation to {email}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var newLink = await LinkFromEmailAsync(email);
        newLink.ShouldNotBe(oldLink);
        app.Smtp.To(email).Count.ShouldBe(2);
        (await new Browser(app.NewClient()).Client.GetAsync(new Uri(oldLink, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await new Browser(app.NewClient()).Client.GetAsync(new Uri(newLink, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.SubmitAsync("/admin/invitations", $"Revoke the invitation to {email}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var revoked = await new Browser(app.NewClient()).Client.GetAsync(new Uri(newLink, UriKind.Relative));
        (await revoked.Content.ReadAsStringAsync()).ShouldContain("This invitation was withdrawn");
        var audit = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Target == email).Select(a => a.Action).ToListAsync());
        audit.ShouldBe(["invitation.send", "invitation.resend", "invitation.revoke"]);
    }

    [Fact]
    public async Task An_existing_mentor_is_enrolled_at_once_but_a_role_an_account_lacks_waits_for_its_owner_to_accept()
    {
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var hr = await _data.UserAsync(Roles.HR);
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var response = await InviteAsync(admin, InviteForm(program, $"{mentor.Email}\n{hr.Email}"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Already a mentor: nothing new to accept, enrolled straight away.
        (await app.WithDbAsync(db => db.Enrolments.AnyAsync(e => e.MentorId == mentor.Id && e.ProgramId == program.Id))).ShouldBeTrue();
        (await app.WithDbAsync(db => db.Invitations.AnyAsync(i => i.Email == mentor.Email))).ShouldBeFalse();
        (await app.WithDbAsync(db => db.AuditLog.Where(a => a.Target == mentor.Email && !a.Action.StartsWith("signin.")).Select(a => a.Action).ToListAsync()))
            .ShouldBe(["enrolment.add"]);

        // HR but not a mentor: the Mentor role waits until she accepts it from her email, with her own password.
        (await app.WithDbAsync(db => db.Enrolments.AnyAsync(e => e.MentorId == hr.Id))).ShouldBeFalse("nothing is granted before she accepts");
        (await app.WithDbAsync(db => db.Invitations.SingleAsync(i => i.Email == hr.Email))).Status.ShouldBe(InvitationStatus.Pending);
        var link = await LinkFromEmailAsync(hr.Email);
        var accepted = await new Browser(app.NewClient()).SubmitAsync(link, "Join", new()
        {
            ["Input.Name"] = "HR person", ["Input.Password"] = hr.Password, ["Input.Confirm"] = hr.Password,
        });
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Enrolments.AnyAsync(e => e.MentorId == hr.Id && e.ProgramId == program.Id))).ShouldBeTrue();
        (await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == hr.Email))).ShouldBe(1);
    }

    [Fact]
    public async Task A_malformed_email_in_the_list_is_left_out_and_handed_back_while_the_others_are_sent()
    {
        var program = await _data.ProgramAsync();
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var good = $"{TestData.Unique("good")}@example.com";
        var response = await InviteAsync(admin, InviteForm(program, $"{good}\nnot-an-email"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Invitations.AnyAsync(i => i.Email == good))).ShouldBeTrue();

        var page = await admin.GetPageAsync(response.Headers.Location!.OriginalString);
        page.QuerySelector("[role=status]")!.TextContent.ShouldContain("1 invitation sent");
        page.QuerySelector("#not-sent")!.TextContent.ShouldContain("Line 2: “not-an-email” is not an email address.");
        page.QuerySelector("#emails")!.TextContent.Trim().ShouldBe("not-an-email");
        ((AngleSharp.Html.Dom.IHtmlSelectElement)page.QuerySelector("#program")!).Value.ShouldBe(program.Id.ToString());

        // Only bad addresses: nothing is sent and the form says why.
        var none = await InviteAsync(admin, InviteForm(program, "nope"));
        none.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(none)).QuerySelector(".alert-danger")!.TextContent.ShouldContain("“nope” is not an email address.");
    }

    [Fact]
    public async Task The_form_starts_on_the_program_this_admin_last_invited_into()
    {
        var first = await _data.ProgramAsync();
        var second = await _data.ProgramAsync();
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        (await InviteAsync(admin, InviteForm(second, $"{TestData.Unique("last")}@example.com"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await admin.GetPageAsync("/admin/invitations");
        ((AngleSharp.Html.Dom.IHtmlSelectElement)page.QuerySelector("#program")!).Value.ShouldBe(second.Id.ToString());
        first.Id.ShouldNotBe(second.Id);
    }

    [Fact]
    public async Task People_can_be_invited_from_a_csv_file()
    {
        var program = await _data.ProgramAsync();
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var a = $"{TestData.Unique("csv")}@example.com";
        var b = $"{TestData.Unique("csv")}@example.com";
        var csv = Encoding.UTF8.GetBytes($"name,email\nAda,{a}\nBea,{b}\n");
        var response = await InviteAsync(admin, InviteForm(program, ""), new() { ["Upload"] = new("people.csv", csv) });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Invitations.CountAsync(i => i.Email == a || i.Email == b))).ShouldBe(2);
    }

    [GeneratedRegex(@"https://allyship\.example\.org(?<path>/invite/[A-Za-z0-9_\-]+)")]
    private static partial Regex InviteLink();
}
