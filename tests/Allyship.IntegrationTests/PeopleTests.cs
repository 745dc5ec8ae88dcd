using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>The people page and separated duties: nobody grants themselves anything; only HR grants HR; leavers are switched off.</summary>
public sealed class PeopleTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private static Dictionary<string, string?> Invite(string email, bool hr) => new()
    {
        ["Input.Emails"] = email, ["Input.ProgramId"] = "", ["Input.Mentor"] = "false", ["Input.ProgramAdmin"] = "false", ["Input.HR"] = hr ? "true" : "false",
    };

    [Fact]
    public async Task A_program_admin_cannot_give_herself_or_anyone_HR_and_cannot_change_her_own_roles_even_by_a_crafted_post()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var admin = await _data.UserAsync(Roles.ProgramAdmin);
        var browser = await Browser.SignedInAsync(app, admin);

        var ownInvite = await browser.SubmitAsync("/admin/invitations", "Send invitations", Invite(admin.Email, hr: true));
        ownInvite.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = (await Browser.ParseAsync(ownInvite)).Body!.TextContent;
        page.ShouldContain("Only someone with the HR role can give or take away HR");
        page.ShouldContain("You can't change your own roles");
        (await app.WithDbAsync(db => db.Invitations.AnyAsync(i => i.Email == admin.Email))).ShouldBeFalse();

        // Her own page and another's offer no such button; a hand-made post is refused with a sentence.
        var self = await browser.PostCraftedAsync($"/admin/users/{admin.Id}?handler=Grant", new() { ["role"] = Roles.HR }, tokenFrom: $"/admin/users/{admin.Id}");
        self.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Browser.ParseAsync(self)).QuerySelector(".alert-danger")!.TextContent.ShouldContain("You can't change your own roles");

        var colleague = await _data.UserAsync(Roles.Mentor);
        var other = await browser.PostCraftedAsync($"/admin/users/{colleague.Id}?handler=Grant", new() { ["role"] = Roles.HR }, tokenFrom: $"/admin/users/{colleague.Id}");
        (await Browser.ParseAsync(other)).QuerySelector(".alert-danger")!.TextContent.ShouldContain("Only someone with the HR role");

        // An admin who is also HR may give HR, to someone else.
        var hrAdmin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin, Roles.HR));
        (await hrAdmin.SubmitAsync($"/admin/users/{colleague.Id}", "Make HR"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.UserRoles.CountAsync(ur => ur.UserId == colleague.Id))).ShouldBe(2);
        (await app.WithDbAsync(db => db.UserRoles.CountAsync(ur => ur.UserId == admin.Id))).ShouldBe(1, "her own roles never changed");
    }

    [Fact]
    public async Task A_deactivated_mentor_cannot_sign_in_gets_no_reminder_and_keeps_his_history()
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero)); // Wednesday, before the 10:00 nudge
        var program = await _data.ProgramAsync();
        var leaver = await _data.MentorAsync(program);
        var stayer = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        await _data.ActionAsync(leaver, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 17));
        var session = await Browser.SignedInAsync(app, leaver);
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));

        var list = await admin.GetPageAsync($"/admin/users?q={Uri.EscapeDataString(leaver.Email)}");
        var row = list.QuerySelector(".people-table tbody tr")!.TextContent;
        row.ShouldContain(program.Name);
        row.ShouldContain("Active");

        (await admin.SubmitAsync($"/admin/users/{leaver.Id}", "Deactivate")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetPageAsync($"/admin/users?q={Uri.EscapeDataString(leaver.Email)}")).QuerySelector(".people-table tbody tr")!.TextContent.ShouldContain("Deactivated");

        var refused = await new Browser(app.NewClient()).SignInAsync(leaver.Email, leaver.Password);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(refused)).QuerySelector(".alert-danger")!.TextContent.ShouldContain("don't match");
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        (await session.Client.GetAsync(new Uri("/week", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect, "his open session ended");

        await app.RunAsync<ReminderJob, int>(job => job.RunAsync());
        (await app.WithDbAsync(db => db.Emails.CountAsync(e => e.UserId == leaver.Id))).ShouldBe(0, "no Wednesday nudge for someone who left");
        (await app.WithDbAsync(db => db.Emails.CountAsync(e => e.UserId == stayer.Id))).ShouldBe(1);
        (await app.WithDbAsync(db => db.Enrolments.SingleAsync(e => e.MentorId == leaver.Id))).Status.ShouldBe(EnrolmentStatus.Left);
        (await app.WithDbAsync(db => db.Actions.CountAsync(a => a.MentorId == leaver.Id))).ShouldBe(1, "his history stays");
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "account.deactivate" && a.Target == leaver.Email))).ShouldBe(1);

        admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin)); // an idle hour ended the admin's session too
        (await admin.SubmitAsync($"/admin/users/{leaver.Id}", "Reactivate")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await new Browser(app.NewClient()).SignInAsync(leaver.Email, leaver.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
    }

    [Fact]
    public async Task The_last_program_admin_stays()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var earlier = await app.WithDbAsync(db => db.Users.Where(u => u.DeactivatedUtc == null).Select(u => u.Id).ToListAsync());
        await app.WithDbAsync(db => db.Users.Where(u => earlier.Contains(u.Id)).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeactivatedUtc, AppFixture.DefaultNow.UtcDateTime)));
        try
        {
            var one = await _data.UserAsync(Roles.ProgramAdmin);
            var two = await _data.UserAsync(Roles.ProgramAdmin);
            var browser = await Browser.SignedInAsync(app, two);
            (await browser.SubmitAsync($"/admin/users/{one.Id}", "Remove Program admin"))
                .StatusCode.ShouldBe(HttpStatusCode.Redirect, "two admins: one may go");

            await using var scope = app.Scope();
            var access = scope.ServiceProvider.GetRequiredService<AccountAccess.Handler>();
            var change = await access.DeactivateAsync(RoleRules.CommandLine("deactivate"), two.Id, CancellationToken.None);
            change.Done.ShouldBeFalse();
            change.Message.ShouldContain("last active program admin");
            (await access.RemoveRoleAsync(RoleRules.CommandLine("remove-role"), two.Id, Roles.ProgramAdmin, CancellationToken.None)).Done.ShouldBeFalse();
        }
        finally
        {
            await app.WithDbAsync(db => db.Users.Where(u => earlier.Contains(u.Id)).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeactivatedUtc, (DateTime?)null)));
        }
    }
}
