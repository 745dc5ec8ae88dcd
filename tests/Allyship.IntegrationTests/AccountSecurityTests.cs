using System.Net;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>Sessions end when they should, invitations never open an existing account, and unknown pages are 404s.</summary>
public sealed class AccountSecurityTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Fact]
    public async Task Signing_out_ends_the_accounts_other_sessions_within_a_minute()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var phone = await Browser.SignedInAsync(app, mentor);
        var laptop = await Browser.SignedInAsync(app, mentor);
        (await laptop.Client.GetAsync(new Uri("/week", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await phone.PostAsync("/week", "/account/sign-out", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(5));

        var after = await laptop.Client.GetAsync(new Uri("/week", UriKind.Relative));
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldContain("/account/sign-in");
    }

    [Fact]
    public async Task An_invitation_for_an_existing_account_needs_that_accounts_password()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var (email, token) = await _data.InvitationAsync(program);
        var existing = await _data.UserAsync();
        await app.WithDbAsync(db => db.Invitations.Where(i => i.Email == email).ExecuteUpdateAsync(s => s.SetProperty(i => i.Email, existing.Email)));
        var browser = new Browser(app.NewClient());

        var wrong = await browser.PostAsync($"/invite/{token}", $"/invite/{token}", new()
        {
            ["Input.Name"] = "Someone Else", ["Input.Password"] = "Not-their-password-36", ["Input.Confirm"] = "Not-their-password-36",
        });
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(wrong)).Body!.TextContent.ShouldContain("already has an account: enter its password");
        (await app.WithDbAsync(db => db.Invitations.SingleAsync(i => i.Email == existing.Email))).Status.ShouldBe(InvitationStatus.Pending);

        var right = await browser.PostAsync($"/invite/{token}", $"/invite/{token}", new()
        {
            ["Input.Name"] = "Existing", ["Input.Password"] = existing.Password, ["Input.Confirm"] = existing.Password,
        });
        right.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Enrolments.CountAsync(e => e.MentorId == existing.Id && e.ProgramId == program.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task An_unknown_address_is_a_404_for_a_visitor_not_a_sign_in_and_robots_are_told_to_stay_out()
    {
        var visitor = new Browser(app.NewClient());
        var page = await visitor.GetPageAsync("/no-such-page", HttpStatusCode.NotFound);
        page.QuerySelector(".error-page h1")!.TextContent.ShouldBe("We can't find that page");

        var robots = await visitor.Client.GetAsync(new Uri("/robots.txt", UriKind.Relative));
        robots.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await robots.Content.ReadAsStringAsync()).ShouldContain("Disallow: /");

        var signIn = await visitor.Client.GetAsync(new Uri("/account/sign-in", UriKind.Relative));
        signIn.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("object-src 'none'");

        (await visitor.Client.GetAsync(new Uri("/week", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect, "a real page still asks to sign in");
    }
}
