using System.Net;
using Allyship.Web.Data;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>The app with single sign-on through the in-process OpenID Connect provider, and two-factor required for admins.</summary>
public sealed class SingleSignOnApp : AppFixtureBase
{
    public TestIdentityProvider Provider { get; } = new();

    public SingleSignOnApp()
    {
        RequireTwoFactorFor = "ProgramAdmin,HR";
        Settings["Authentication:Oidc:Authority"] = TestIdentityProvider.Authority;
        Settings["Authentication:Oidc:ClientId"] = TestIdentityProvider.ClientId;
        Settings["Authentication:Oidc:ClientSecret"] = TestIdentityProvider.ClientSecret;
        Settings["Authentication:Oidc:DisplayName"] = "Contoso";
        Settings["Authentication:Oidc:AutoProvisionDomains"] = "auto.example.com";
        // The OpenID Connect handler's cookies and the provider's tokens carry real times: the app's clock starts at now.
        Clock.SetUtcNow(DateTimeOffset.UtcNow);
    }

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Configure<OpenIdConnectOptions>("oidc", o => o.BackchannelHttpHandler = Provider.BackChannel()));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

public sealed class SingleSignOnTests(SingleSignOnApp app, ITestOutputHelper output) : IClassFixture<SingleSignOnApp>
{
    private readonly TestData _data = new(app.LogTo(output));

    /// <summary>Follows "Sign in with Contoso" as a browser would: app, provider, app. Returns the app's last answer.</summary>
    private async Task<HttpResponseMessage> WalkAsync(Browser browser, string start, Func<string, string>? tamperCallback = null, TimeSpan? delayAtProvider = null)
    {
        var challenge = await browser.Client.GetAsync(new Uri(start, UriKind.Relative));
        challenge.StatusCode.ShouldBe(HttpStatusCode.Redirect, await challenge.Content.ReadAsStringAsync());
        var authorize = challenge.Headers.Location!;
        authorize.GetLeftPart(UriPartial.Path).ShouldBe($"{TestIdentityProvider.Authority}/connect/authorize");
        authorize.Query.ShouldContain("code_challenge_method=S256");

        var atProvider = await app.Provider.Browser().GetAsync(authorize);
        atProvider.StatusCode.ShouldBe(HttpStatusCode.Redirect, await atProvider.Content.ReadAsStringAsync());
        var callback = atProvider.Headers.Location!;
        callback.GetLeftPart(UriPartial.Path).ShouldBe(TestIdentityProvider.RedirectUri);
        if (delayAtProvider is { } delay)
        {
            app.Provider.Clock.Advance(delay);
        }

        var back = await browser.Client.GetAsync(new Uri((tamperCallback ?? (q => q))(callback.PathAndQuery), UriKind.Relative));
        if (back.StatusCode == HttpStatusCode.Redirect && back.Headers.Location!.ToString().StartsWith("/account/sign-in/sso", StringComparison.Ordinal)
            || back.Headers.Location?.ToString().Contains("handler=SingleSignOnDone", StringComparison.Ordinal) == true)
        {
            back = await browser.Client.GetAsync(back.Headers.Location);
        }

        return back;
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_company_sign_in()
    {
        var page = await new Browser(app.NewClient()).GetPageAsync("/account/sign-in");
        page.QuerySelector("a.sso-button")!.TextContent.ShouldBe("Sign in with Contoso");
        page.QuerySelector("input[name='Input.Password']").ShouldNotBeNull("passwords stay on unless Authentication:PasswordSignIn is off");
    }

    [Fact]
    public async Task A_person_with_an_account_signs_in_through_the_provider_and_is_linked_by_verified_email()
    {
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        app.Provider.NextPerson = new("sub-" + mentor.Id, mentor.Email.ToUpperInvariant(), Name: "Ann");
        var browser = new Browser(app.NewClient());

        var done = await WalkAsync(browser, "/account/sign-in/sso?returnUrl=%2Fweek");
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        done.Headers.Location!.ToString().ShouldBe("/week");
        (await browser.StatusOfAsync("/week")).ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.UserLogins.SingleAsync(l => l.UserId == mentor.Id))).ProviderKey.ShouldBe("sub-" + mentor.Id);
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "sso.linked" && a.Target == mentor.Email))).ShouldBe(1);

        // Next time the link decides, not the email (which the company may change).
        app.Provider.NextPerson = new("sub-" + mentor.Id, "renamed@example.com");
        (await WalkAsync(new Browser(app.NewClient()), "/account/sign-in/sso")).Headers.Location!.ToString().ShouldBe("/");
        (await new Browser(app.NewClient()).GetPageAsync("/account/sign-in")).QuerySelector("a.sso-button").ShouldNotBeNull();
    }

    [Fact]
    public async Task An_unverified_email_links_nothing_and_someone_without_an_account_is_refused()
    {
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        app.Provider.NextPerson = new("sub-unverified-" + mentor.Id, mentor.Email, EmailVerified: false);
        var browser = new Browser(app.NewClient());
        var unverified = await WalkAsync(browser, "/account/sign-in/sso");
        unverified.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Browser.ParseAsync(unverified)).Body!.TextContent.ShouldContain("didn't confirm an email address");
        (await app.WithDbAsync(db => db.UserLogins.AnyAsync(l => l.UserId == mentor.Id))).ShouldBeFalse();

        var stranger = $"{TestData.Unique("stranger")}@example.com";
        app.Provider.NextPerson = new("sub-" + stranger, stranger);
        var refused = await WalkAsync(browser, "/account/sign-in/sso");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Browser.ParseAsync(refused)).Body!.TextContent.ShouldContain($"There's no Allyship account for {stranger}");
        (await browser.StatusOfAsync("/week")).ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == stranger))).ShouldBeFalse();
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "sso.refused" && a.Target == stranger))).ShouldBe(1);
    }

    [Fact]
    public async Task Someone_from_an_auto_provisioned_domain_gets_a_mentor_account_at_first_sign_in()
    {
        var email = $"{TestData.Unique("new")}@auto.example.com";
        app.Provider.NextPerson = new("sub-" + email, email, Name: "Priya Patel");
        var browser = new Browser(app.NewClient());
        (await WalkAsync(browser, "/account/sign-in/sso")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        user.DisplayName.ShouldBe("Priya Patel");
        user.PasswordHash.ShouldBeNull();
        await using var scope = app.Scope();
        (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().GetRolesAsync(user)).ShouldBe([Roles.Mentor]);
    }

    [Fact]
    public async Task An_invited_person_accepts_with_the_company_sign_in_and_needs_no_password()
    {
        var program = await _data.ProgramAsync();
        var (email, token) = await _data.InvitationAsync(program);
        var invite = await new Browser(app.NewClient()).GetPageAsync($"/invite/{token}");
        invite.QuerySelector("a.sso-button")!.TextContent.ShouldBe("Accept with Contoso");

        // Signed in at the provider as someone else: refused, the invitation stays open.
        app.Provider.NextPerson = new("sub-other", "someone.else@example.com");
        var browser = new Browser(app.NewClient());
        var wrongPerson = await WalkAsync(browser, $"/invite/{token}?handler=SingleSignOn");
        (await Browser.ParseAsync(wrongPerson)).Body!.TextContent.ShouldContain($"this invitation is for {email}");

        app.Provider.NextPerson = new("sub-" + email, email, Name: "Invited Person");
        var accepted = await WalkAsync(browser, $"/invite/{token}?handler=SingleSignOn");
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        accepted.Headers.Location!.ToString().ShouldBe($"/welcome?program={program.Id}"); // a mentor starts on the welcome
        (await browser.StatusOfAsync("/week")).ShouldBe(HttpStatusCode.OK);

        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        user.PasswordHash.ShouldBeNull("no password was asked for");
        (await app.WithDbAsync(db => db.Enrolments.CountAsync(e => e.MentorId == user.Id && e.ProgramId == program.Id))).ShouldBe(1);
        (await app.WithDbAsync(db => db.Invitations.SingleAsync(i => i.Email == email))).Status.ShouldBe(InvitationStatus.Accepted);
    }

    [Fact]
    public async Task A_tampered_state_a_wrong_nonce_and_an_expired_code_are_all_refused()
    {
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        app.Provider.NextPerson = new("sub-tamper-" + mentor.Id, mentor.Email);

        var stateBrowser = new Browser(app.NewClient());
        var wrongState = await WalkAsync(stateBrowser, "/account/sign-in/sso", q => System.Text.RegularExpressions.Regex.Replace(q, "state=[^&]+", "state=forged"));
        wrongState.Headers.Location!.ToString().ShouldBe("/account/sign-in?sso=failed");
        (await stateBrowser.StatusOfAsync("/week")).ShouldBe(HttpStatusCode.Redirect);

        app.Provider.TamperNonce = true;
        try
        {
            var nonceBrowser = new Browser(app.NewClient());
            (await WalkAsync(nonceBrowser, "/account/sign-in/sso")).Headers.Location!.ToString().ShouldBe("/account/sign-in?sso=failed");
            (await nonceBrowser.StatusOfAsync("/week")).ShouldBe(HttpStatusCode.Redirect);
        }
        finally
        {
            app.Provider.TamperNonce = false;
        }

        var slowBrowser = new Browser(app.NewClient());
        (await WalkAsync(slowBrowser, "/account/sign-in/sso", delayAtProvider: TimeSpan.FromMinutes(6))).Headers.Location!.ToString().ShouldBe("/account/sign-in?sso=failed");
        (await slowBrowser.StatusOfAsync("/week")).ShouldBe(HttpStatusCode.Redirect);
        app.Provider.Clock.SetUtcNow(DateTimeOffset.UtcNow);

        (await app.WithDbAsync(db => db.UserLogins.AnyAsync(l => l.UserId == mentor.Id))).ShouldBeFalse("nothing was linked by the refused answers");
        var page = await slowBrowser.GetPageAsync("/account/sign-in?sso=failed");
        page.QuerySelector(".alert-danger")!.TextContent.ShouldContain("didn't complete");
    }

    [Fact]
    public async Task An_admin_is_spared_our_second_factor_only_when_the_provider_asserts_mfa()
    {
        var withMfa = await _data.UserAsync(Roles.ProgramAdmin);
        app.Provider.NextPerson = new("sub-mfa-" + withMfa.Id, withMfa.Email, UsedMfa: true);
        var browser = new Browser(app.NewClient());
        await WalkAsync(browser, "/account/sign-in/sso");
        (await browser.StatusOfAsync("/admin")).ShouldBe(HttpStatusCode.OK, "amr contains mfa: the provider asked for a second factor");

        var without = await _data.UserAsync(Roles.ProgramAdmin);
        app.Provider.NextPerson = new("sub-pwd-" + without.Id, without.Email);
        var other = new Browser(app.NewClient());
        await WalkAsync(other, "/account/sign-in/sso");
        var blocked = await other.Client.GetAsync(new Uri("/admin", UriKind.Relative));
        blocked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        blocked.Headers.Location!.ToString().ShouldStartWith("/account/two-factor");
    }
}

/// <summary>Single sign-on only: passwords are off for everyone but the break-glass accounts from create-admin.</summary>
public sealed class SsoOnlyApp : AppFixtureBase
{
    public SsoOnlyApp()
    {
        Settings["Authentication:PasswordSignIn"] = "false";
        Settings["Authentication:Oidc:Authority"] = TestIdentityProvider.Authority;
        Settings["Authentication:Oidc:ClientId"] = TestIdentityProvider.ClientId;
        Settings["Authentication:Oidc:DisplayName"] = "Contoso";
    }
}

public sealed class PasswordsOffTests(SsoOnlyApp app, ITestOutputHelper output) : IClassFixture<SsoOnlyApp>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Fact]
    public async Task With_passwords_off_only_a_break_glass_admin_signs_in_with_a_password()
    {
        var page = await new Browser(app.NewClient()).GetPageAsync("/account/sign-in");
        page.QuerySelector("a.sso-button")!.TextContent.ShouldBe("Sign in with Contoso");
        page.QuerySelector("details summary")!.TextContent.ShouldContain("Emergency sign-in");

        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        await new Browser(app.NewClient()).SubmitAsync("/account/forgot-password", "Send the link", new() { ["Email"] = mentor.Email });
        (await app.WithDbAsync(db => db.Emails.CountAsync(e => e.ToAddress == mentor.Email))).ShouldBe(0, "no reset link where a password can't be used");
        var refused = await new Browser(app.NewClient()).SignInAsync(mentor.Email, mentor.Password);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(refused)).QuerySelector(".alert-danger")!.TextContent.ShouldContain("Passwords are turned off here");

        var admin = await _data.UserAsync(Roles.ProgramAdmin);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == admin.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.BreakGlass, true)));
        var breakGlass = new Browser(app.NewClient());
        (await breakGlass.SignInAsync(admin.Email, admin.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect, "create-admin's account is the way in when SSO is down");
        (await breakGlass.Client.GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The control for "no reset link" above: the same form sends one to the break-glass account.
        await new Browser(app.NewClient()).SubmitAsync("/account/forgot-password", "Send the link", new() { ["Email"] = admin.Email });
        (await app.WithDbAsync(db => db.Emails.CountAsync(e => e.ToAddress == admin.Email))).ShouldBe(1);
    }
}
