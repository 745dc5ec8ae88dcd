using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests.Security;

/// <summary>
/// The app as it runs in Production: the Production environment and the production default for two-factor (program
/// admins and HR must use it: SecurityOptions' default when Security:RequireTwoFactorFor is unset).
/// </summary>
public class ProductionApp : AppFixtureBase
{
    public ProductionApp()
    {
        RequireTwoFactorFor = "ProgramAdmin,HR";
        Settings["Chat:LocalWebhooks"] = "false"; // the tests' switch stops a Production start (WebhookTargetTests)
        Settings["Push:LocalPushServices"] = "false"; // so does the push tests' (ChatSettingsTests)
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

/// <summary>Production with single sign-on and passwords off (Authentication:PasswordSignIn false).</summary>
public sealed class ProductionPasswordsOffApp : ProductionApp
{
    public ProductionPasswordsOffApp()
    {
        Settings["Authentication:PasswordSignIn"] = "false";
        Settings["Authentication:Oidc:Authority"] = TestIdentityProvider.Authority;
        Settings["Authentication:Oidc:ClientId"] = TestIdentityProvider.ClientId;
        Settings["Authentication:Oidc:ClientSecret"] = TestIdentityProvider.ClientSecret;
        Settings["Authentication:Oidc:DisplayName"] = "Contoso";
    }
}

/// <summary>
/// Issue 31's first finding: an accepted invitation link signed its account in for ever, past deactivation, lockout,
/// two-factor and password-off mode, unaudited. An invitation is accepted once; an existing account accepts it through
/// the normal sign-in.
/// </summary>
public sealed class InvitationReplayTests(ProductionApp app, ITestOutputHelper output) : IClassFixture<ProductionApp>
{
    private readonly TestData _data = new(app.LogTo(output));

    private static Dictionary<string, string?> Join(string password, string name = "Ines Newcomer") =>
        new() { ["Input.Name"] = name, ["Input.Password"] = password, ["Input.Confirm"] = password };

    private async Task<(string Email, string Token)> InvitationAsync(string roles, string? email = null)
    {
        var (invited, token) = await _data.InvitationAsync(await _data.ProgramAsync());
        await app.WithDbAsync(db => db.Invitations.Where(i => i.Email == invited)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Roles, roles).SetProperty(i => i.Email, email ?? invited)));
        return (email ?? invited, token);
    }

    private static async Task<bool> SignedInAsync(Browser browser) =>
        (await browser.Client.GetAsync(new Uri("/account", UriKind.Relative))).StatusCode == HttpStatusCode.OK;

    private async Task<string> TurnOnTwoFactorAsync(string userId)
    {
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        (await users.ResetAuthenticatorKeyAsync(user)).Succeeded.ShouldBeTrue();
        (await users.SetTwoFactorEnabledAsync(user, true)).Succeeded.ShouldBeTrue();
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    [Fact]
    public async Task A_deactivated_admin_with_two_factor_whose_crafted_replays_of_her_invitation_and_Enable_do_not_reach_the_admin_pages()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        await _data.UserAsync(Roles.ProgramAdmin); // another admin: she is not the last one, so she can be deactivated
        var (email, token) = await InvitationAsync(Roles.ProgramAdmin);
        const string password = "Admin-by-invitation-36";

        // She accepts, is sent to set up two-factor (her role needs it in Production), turns it on and reaches the admin pages.
        var browser = new Browser(app.NewClient());
        (await browser.SubmitAsync($"/invite/{token}", "Join", Join(password, "Ada Admin"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var gate = await browser.Client.GetAsync(new Uri("/admin/users", UriKind.Relative));
        gate.Headers.Location!.ToString().ShouldStartWith("/account/two-factor", customMessage: "Production: a program admin must set up two-factor");
        var setup = await browser.GetPageAsync("/account/two-factor?required=1");
        var key = setup.QuerySelector(".authenticator-key")!.TextContent;
        (await browser.SubmitAsync(setup, "/account/two-factor?required=1", "Turn on two-factor", new() { ["Code"] = TestAuthenticator.CodeAt(key, app.Clock.GetUtcNow()) }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.Client.GetAsync(new Uri("/admin/users", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // She leaves and is deactivated.
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        (await app.RunAsync<AccountAccess.Handler, AccountAccess.Change>(a => a.DeactivateAsync(RoleRules.CommandLine("deactivate"), id, CancellationToken.None)))
            .Done.ShouldBeTrue();

        // She posts the form she kept from her invitation, with her password.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var attacker = new Browser(app.NewClient());
        var replay = await attacker.PostCraftedAsync($"/invite/{token}", Join(password, "Ada Admin"), tokenFrom: "/account/sign-in");
        replay.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await Browser.ParseAsync(replay)).Body!.TextContent.ShouldContain("already accepted");

        // Then Enable on the two-factor page with a code from her app.
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        var twoFactorPage = await attacker.Client.GetAsync(new Uri("/account/two-factor", UriKind.Relative));
        var enable = await attacker.PostCraftedAsync("/account/two-factor?handler=Enable", new() { ["Code"] = TestAuthenticator.CodeAt(key, app.Clock.GetUtcNow()) },
            tokenFrom: twoFactorPage.StatusCode == HttpStatusCode.OK ? "/account/two-factor" : "/account/sign-in");
        (await Browser.ParseAsync(enable)).QuerySelectorAll(".recovery-codes code").ShouldBeEmpty();
        (await attacker.Client.GetAsync(new Uri("/admin/users", UriKind.Relative))).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await SignedInAsync(attacker)).ShouldBeFalse();

        // The link from her mailbox says it was accepted and offers the sign-in page, with no form to post.
        var used = await attacker.GetPageAsync($"/invite/{token}", HttpStatusCode.Gone);
        used.Body!.TextContent.ShouldContain("already accepted");
        used.QuerySelector("a[href='/account/sign-in']").ShouldNotBeNull();
        used.QuerySelector("input[name='Input.Password']").ShouldBeNull();
    }

    [Fact]
    public async Task A_crafted_replay_of_an_invitation_form_signs_nobody_in_with_the_right_password_or_a_wrong_one()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow.AddHours(1));
        var (email, token) = await InvitationAsync(Roles.Mentor);
        const string password = "Mentor-by-invitation-36";
        var first = new Browser(app.NewClient());
        (await first.SubmitAsync($"/invite/{token}", "Join", Join(password))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        foreach (var attempt in new[] { password, "Some-other-guess-36" })
        {
            var replayer = new Browser(app.NewClient());
            var replay = await replayer.PostCraftedAsync($"/invite/{token}", Join(attempt), tokenFrom: "/account/sign-in");
            replay.StatusCode.ShouldBe(HttpStatusCode.Gone, attempt);
            (replay.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []).ShouldNotContain(c => c.Contains("Identity."), "a used link writes no sign-in cookie");
            (await SignedInAsync(replayer)).ShouldBeFalse(attempt);
        }

        (await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == email))).ShouldBe(1);
    }

    [Fact]
    public async Task Wrong_passwords_on_an_invitation_for_an_existing_account_count_toward_lockout_and_a_locked_account_cannot_accept()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow.AddHours(2));
        var existing = await _data.UserAsync(Roles.Mentor);
        var (_, token) = await InvitationAsync(Roles.Mentor, existing.Email);
        var browser = new Browser(app.NewClient());

        for (var i = 0; i < 5; i++)
        {
            var wrong = await browser.SubmitAsync($"/invite/{token}", "Join", Join($"Wrong-guess-number-{i}"));
            wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await Browser.ParseAsync(wrong)).Body!.TextContent.ShouldContain("already has an account");
        }

        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            (await users.IsLockedOutAsync((await users.FindByIdAsync(existing.Id))!)).ShouldBeTrue("five wrong passwords lock the account, wherever they were typed");
        }

        var right = await browser.SubmitAsync($"/invite/{token}", "Join", Join(existing.Password));
        right.StatusCode.ShouldBe(HttpStatusCode.OK, "a locked account does not accept an invitation");
        (await SignedInAsync(browser)).ShouldBeFalse();
        (await app.WithDbAsync(db => db.Invitations.SingleAsync(i => i.Email == existing.Email))).Status.ShouldBe(InvitationStatus.Pending);
        var events = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Target == existing.Email).Select(a => a.Action).ToListAsync());
        events.ShouldContain(SecurityEvents.SignInFailed);
        events.ShouldContain(SecurityEvents.LockedOut);
    }

    [Fact]
    public async Task A_deactivated_account_cannot_accept_an_invitation_with_its_password()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow.AddHours(3));
        var existing = await _data.UserAsync(Roles.Mentor);
        var (_, token) = await InvitationAsync(Roles.Mentor, existing.Email);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == existing.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeactivatedUtc, AppFixture.DefaultNow.UtcDateTime)));

        var browser = new Browser(app.NewClient());
        var refused = await browser.SubmitAsync($"/invite/{token}", "Join", Join(existing.Password));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SignedInAsync(browser)).ShouldBeFalse();
        (await app.WithDbAsync(db => db.Invitations.SingleAsync(i => i.Email == existing.Email))).Status.ShouldBe(InvitationStatus.Pending);
        (await app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Target == existing.Email && a.Action == SecurityEvents.SignInFailed))).ShouldBeTrue("audited as any refused sign-in");
    }

    [Fact]
    public async Task Accepting_with_an_account_that_has_two_factor_asks_for_its_code_before_signing_in_and_is_audited()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow.AddHours(4));
        var existing = await _data.UserAsync(Roles.Mentor);
        var key = await TurnOnTwoFactorAsync(existing.Id);
        var (_, token) = await InvitationAsync(Roles.Mentor, existing.Email);
        var browser = new Browser(app.NewClient());

        var accepted = await browser.SubmitAsync($"/invite/{token}", "Join", Join(existing.Password));
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        accepted.Headers.Location!.ToString().ShouldStartWith("/account/sign-in/two-factor");
        (await SignedInAsync(browser)).ShouldBeFalse("a password alone is not a sign-in for an account with two-factor");

        var secondStep = accepted.Headers.Location!.ToString();
        var signedIn = await browser.SubmitAsync(secondStep, "Sign in", new() { ["Code"] = TestAuthenticator.CodeAt(key, app.Clock.GetUtcNow()) });
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await SignedInAsync(browser)).ShouldBeTrue();

        var events = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Target == existing.Email).Select(a => a.Action).ToListAsync());
        events.ShouldContain(SecurityEvents.SignInSucceeded);
        events.ShouldContain("invitation.accept");
    }

    [Fact]
    public async Task Enable_from_a_page_opened_before_two_factor_went_on_is_refused_and_gives_no_second_factor()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow.AddHours(5));
        var admin = await _data.UserAsync(Roles.ProgramAdmin);
        var laptop = await Browser.SignedInAsync(app, admin);
        var phone = await Browser.SignedInAsync(app, admin); // signed in with her password before two-factor was on

        const string url = "/account/two-factor?required=1";
        var setup = await laptop.GetPageAsync(url);
        var key = setup.QuerySelector(".authenticator-key")!.TextContent;
        var stale = await phone.GetPageAsync(url); // the phone shows the same setup page, with its Enable form
        stale.QuerySelector(".authenticator-key")!.TextContent.ShouldBe(key);
        (await laptop.SubmitAsync(setup, url, "Turn on two-factor", new() { ["Code"] = TestAuthenticator.CodeAt(key, app.Clock.GetUtcNow()) }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        // The other session, within the minute before its stamp is checked, has no second factor: Enable again is refused.
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        var page = await phone.GetPageAsync(url);
        page.QuerySelector("form[action*='handler=Enable']").ShouldBeNull("the page offers no Enable when two-factor is on");
        var enable = await phone.SubmitAsync(stale, url, "Turn on two-factor", new() { ["Code"] = TestAuthenticator.CodeAt(key, app.Clock.GetUtcNow()) });
        var answer = await Browser.ParseAsync(enable);
        answer.QuerySelectorAll(".recovery-codes code").ShouldBeEmpty();
        answer.Body!.TextContent.ShouldContain("already on");
        (await phone.Client.GetAsync(new Uri("/admin/users", UriKind.Relative))).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Target == admin.Email && a.Action == SecurityEvents.TwoFactorOn))).ShouldBe(1);
    }
}

/// <summary>With passwords off, an invitation is accepted with single sign-on only, whatever is posted.</summary>
public sealed class InvitationWithPasswordsOffTests(ProductionPasswordsOffApp app, ITestOutputHelper output) : IClassFixture<ProductionPasswordsOffApp>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Fact]
    public async Task A_crafted_password_post_to_the_invitation_page_accepts_nothing_when_passwords_are_off()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var existing = await _data.UserAsync(Roles.Mentor);
        var (forExisting, existingToken) = await _data.InvitationAsync(await _data.ProgramAsync());
        await app.WithDbAsync(db => db.Invitations.Where(i => i.Email == forExisting).ExecuteUpdateAsync(s => s.SetProperty(i => i.Email, existing.Email)));
        var (newcomer, newToken) = await _data.InvitationAsync(await _data.ProgramAsync());

        foreach (var (token, password) in new[] { (existingToken, existing.Password), (newToken, "Newcomer-password-36") })
        {
            var browser = new Browser(app.NewClient());
            (await browser.GetPageAsync($"/invite/{token}")).QuerySelector("input[name='Input.Password']").ShouldBeNull("passwords are off: no password form");
            var posted = await browser.PostCraftedAsync($"/invite/{token}", new()
            {
                ["Input.Name"] = "Pat Password", ["Input.Password"] = password, ["Input.Confirm"] = password,
            }, tokenFrom: "/account/sign-in");
            posted.StatusCode.ShouldNotBe(HttpStatusCode.Redirect, token == newToken ? "newcomer" : "existing account");
            (await Browser.ParseAsync(posted)).Body!.TextContent.ShouldContain("Passwords are turned off");
            (await browser.Client.GetAsync(new Uri("/account", UriKind.Relative))).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        }

        (await app.WithDbAsync(db => db.Invitations.CountAsync(i => (i.Email == existing.Email || i.Email == newcomer) && i.Status == InvitationStatus.Pending))).ShouldBe(2);
        (await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == newcomer))).ShouldBeFalse();
    }
}
