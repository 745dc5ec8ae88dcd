using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests.Security;

/// <summary>
/// Issue 31's second finding: `role=hr` (lower case) let an admin remove HR, because the rule compared role names
/// case-sensitively and Identity does not; an admin could deactivate or erase any HR account; nothing kept the last HR.
/// Roles are compared as Identity compares them, only HR gives or takes HR, and the last active HR account stays.
/// </summary>
public sealed class RoleGrantTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private Task<List<string>> RolesOfAsync(string userId) =>
        app.WithDbAsync(db => db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync());

    private static async Task<string> RefusalAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        return (await Browser.ParseAsync(response)).QuerySelector(".alert-danger")!.TextContent;
    }

    [Theory]
    [InlineData("hr")]
    [InlineData("Hr")]
    [InlineData("HR")]
    public async Task An_admin_cannot_remove_HR_however_the_role_is_spelled_in_a_crafted_post(string spelling)
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        await _data.UserAsync(Roles.HR); // not the last HR account: only the separation of duties is at stake
        var hr = await _data.UserAsync(Roles.HR, Roles.Mentor);
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));

        var refused = await admin.PostCraftedAsync($"/admin/users/{hr.Id}?handler=Revoke", new() { ["role"] = spelling }, tokenFrom: $"/admin/users/{hr.Id}");

        (await RefusalAsync(refused)).ShouldContain("Only someone with the HR role");
        (await RolesOfAsync(hr.Id)).ShouldContain(Roles.HR);
    }

    [Theory]
    [InlineData("hr")]
    [InlineData("Hr")]
    [InlineData("HR")]
    public async Task An_admin_cannot_give_HR_however_the_role_is_spelled_in_a_crafted_post(string spelling)
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await _data.UserAsync(Roles.Mentor);
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));

        var refused = await admin.PostCraftedAsync($"/admin/users/{mentor.Id}?handler=Grant", new() { ["role"] = spelling }, tokenFrom: $"/admin/users/{mentor.Id}");

        (await RefusalAsync(refused)).ShouldContain("Only someone with the HR role");
        (await RolesOfAsync(mentor.Id)).ShouldBe([Roles.Mentor]);
    }

    [Theory]
    [InlineData("hr", "HR")]
    [InlineData("Hr", "hr")]
    [InlineData("HR", "Hr")]
    public async Task HR_gives_and_takes_HR_however_the_role_is_spelled_in_a_crafted_post(string grant, string revoke)
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await _data.UserAsync(Roles.Mentor);
        var hrAdmin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin, Roles.HR));

        (await hrAdmin.PostCraftedAsync($"/admin/users/{mentor.Id}?handler=Grant", new() { ["role"] = grant }, tokenFrom: $"/admin/users/{mentor.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await RolesOfAsync(mentor.Id)).Order().ShouldBe([Roles.HR, Roles.Mentor]);
        (await hrAdmin.PostCraftedAsync($"/admin/users/{mentor.Id}?handler=Grant", new() { ["role"] = revoke }, tokenFrom: $"/admin/users/{mentor.Id}"))
            .StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, "she has it already, however it is spelled");

        (await hrAdmin.PostCraftedAsync($"/admin/users/{mentor.Id}?handler=Revoke", new() { ["role"] = revoke }, tokenFrom: $"/admin/users/{mentor.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await RolesOfAsync(mentor.Id)).ShouldBe([Roles.Mentor]);
        (await app.WithDbAsync(db => db.AuditLog.Where(a => a.Target == mentor.Email && a.Action.StartsWith("role.")).Select(a => a.Details).ToListAsync()))
            .ShouldBe([Roles.HR, Roles.HR], "the audit names the role as it is, not as it was typed");
    }

    [Theory]
    [InlineData("Grant")]
    [InlineData("Revoke")]
    public async Task An_unknown_role_name_in_a_crafted_post_is_refused_with_a_sentence(string handler)
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await _data.UserAsync(Roles.Mentor);
        var hrAdmin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin, Roles.HR));

        var refused = await hrAdmin.PostCraftedAsync($"/admin/users/{mentor.Id}?handler={handler}", new() { ["role"] = "Superuser" }, tokenFrom: $"/admin/users/{mentor.Id}");

        (await RefusalAsync(refused)).ShouldContain("“Superuser” is not a role here: choose Mentor, Program admin, HR or Operator.");
        (await RolesOfAsync(mentor.Id)).ShouldBe([Roles.Mentor]);
    }

    [Fact]
    public async Task An_admin_cannot_deactivate_or_erase_an_HR_account_by_a_crafted_post_but_HR_can()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        await _data.UserAsync(Roles.HR); // not the last HR account
        var hr = await _data.UserAsync(Roles.HR);
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var page = $"/admin/users/{hr.Id}";

        (await RefusalAsync(await admin.PostCraftedAsync(page + "?handler=Deactivate", new(), tokenFrom: page))).ShouldContain("Only someone with the HR role can deactivate or erase an HR account");
        (await RefusalAsync(await admin.PostCraftedAsync(page + "?handler=Erase", new() { ["confirm"] = hr.Email }, tokenFrom: page))).ShouldContain("Only someone with the HR role");
        (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == hr.Id))).ShouldSatisfyAllConditions(
            u => u.IsActive.ShouldBeTrue(), u => u.Email.ShouldBe(hr.Email));

        var hrAdmin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin, Roles.HR));
        (await hrAdmin.SubmitAsync(page, "Deactivate")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task The_last_active_HR_account_stays_as_the_last_program_admin_does()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var earlier = await app.WithDbAsync(db => db.Users.Where(u => u.DeactivatedUtc == null).Select(u => u.Id).ToListAsync());
        await app.WithDbAsync(db => db.Users.Where(u => earlier.Contains(u.Id)).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeactivatedUtc, AppFixture.DefaultNow.UtcDateTime)));
        try
        {
            await _data.UserAsync(Roles.ProgramAdmin); // admins are not the question here
            var one = await _data.UserAsync(Roles.HR);
            var two = await _data.UserAsync(Roles.HR, Roles.ProgramAdmin);
            var browser = await Browser.SignedInAsync(app, two);
            (await browser.SubmitAsync($"/admin/users/{one.Id}", "Remove HR"))
                .StatusCode.ShouldBe(HttpStatusCode.Redirect, "two HR accounts: one may go");

            await using var scope = app.Scope();
            var access = scope.ServiceProvider.GetRequiredService<AccountAccess.Handler>();
            foreach (var spelling in new[] { "hr", "Hr", "HR" })
            {
                var removed = await access.RemoveRoleAsync(RoleRules.CommandLine("remove-role"), two.Id, spelling, CancellationToken.None);
                removed.Done.ShouldBeFalse(spelling);
                removed.Message.ShouldContain("last active HR account");
            }

            var deactivated = await access.DeactivateAsync(RoleRules.CommandLine("deactivate"), two.Id, CancellationToken.None);
            deactivated.Done.ShouldBeFalse();
            deactivated.Message.ShouldContain("last active HR account");
            var erased = await scope.ServiceProvider.GetRequiredService<DataSubject.Handler>().ErasePersonAsync(RoleRules.CommandLine("erase"), two.Id, CancellationToken.None);
            erased.ShouldNotBeNull().ShouldContain("last active HR account");
            (await RolesOfAsync(two.Id)).ShouldContain(Roles.HR);
        }
        finally
        {
            await app.WithDbAsync(db => db.Users.Where(u => earlier.Contains(u.Id)).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeactivatedUtc, (DateTime?)null)));
        }
    }
}
