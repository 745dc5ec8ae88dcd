using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Email;
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

        (await phone.SubmitAsync("/week", "Sign out")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
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

        var wrong = await browser.SubmitAsync($"/invite/{token}", "Join", new()
        {
            ["Input.Name"] = "Someone Else", ["Input.Password"] = "Not-their-password-36", ["Input.Confirm"] = "Not-their-password-36",
        });
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(wrong)).Body!.TextContent.ShouldContain("already has an account: enter its password");
        (await app.WithDbAsync(db => db.Invitations.SingleAsync(i => i.Email == existing.Email))).Status.ShouldBe(InvitationStatus.Pending);

        var right = await browser.SubmitAsync($"/invite/{token}", "Join", new()
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

    private async Task<string> ResetLinkFromEmailAsync(string email)
    {
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        var message = app.Smtp.To(email).ShouldHaveSingleItem();
        var match = System.Text.RegularExpressions.Regex.Match(message.TextBody ?? "", @"https://allyship\.example\.org(?<path>/account/set-password\S+)");
        match.Success.ShouldBeTrue(message.TextBody);
        return match.Groups["path"].Value;
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_from_the_emailed_link_once()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var visitor = new Browser(app.NewClient());
        var unknown = $"{TestData.Unique("nobody")}@example.com";

        // The same answer whether or not the email has an account.
        var forKnown = await Browser.ParseAsync(await visitor.SubmitAsync("/account/forgot-password", "Send the link", new() { ["Email"] = mentor.Email }));
        var forUnknown = await Browser.ParseAsync(await visitor.SubmitAsync("/account/forgot-password", "Send the link", new() { ["Email"] = unknown }));
        forKnown.QuerySelector("#forgot-sent")!.TextContent.Replace(mentor.Email, "X", StringComparison.Ordinal)
            .ShouldBe(forUnknown.QuerySelector("#forgot-sent")!.TextContent.Replace(unknown, "X", StringComparison.Ordinal));

        var link = await ResetLinkFromEmailAsync(mentor.Email);
        app.Smtp.To(unknown).ShouldBeEmpty();
        const string newPassword = "Four unrelated words here";
        (await visitor.SubmitAsync(link, "Set password and sign in", new() { ["Input.Password"] = newPassword, ["Input.Confirm"] = newPassword })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The link works once; the new password signs in, the old one no longer does.
        (await new Browser(app.NewClient()).GetPageAsync(link)).Body!.TextContent.ShouldContain("This link doesn't work: it has expired or was already used");
        (await new Browser(app.NewClient()).SignInAsync(mentor.Email, newPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await new Browser(app.NewClient()).SignInAsync(mentor.Email, mentor.Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "password.reset" && a.Target == mentor.Email))).ShouldBe(1);
    }

    [Theory]
    [InlineData("short-pass1", "at least 12 characters")]
    [InlineData("qwerty123456", "leaked from other sites")]
    public async Task A_weak_new_password_is_refused_with_a_sentence(string password, string sentence)
    {
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var browser = await Browser.SignedInAsync(app, mentor);
        var response = await browser.SubmitAsync("/account", "Change password", new()
        {
            ["Input.Current"] = mentor.Password, ["Input.Password"] = password, ["Input.Confirm"] = password,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(response)).QuerySelector("#new-error")!.TextContent.ShouldContain(sentence);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_takes_long_ones_and_ends_other_sessions()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var here = await Browser.SignedInAsync(app, mentor);
        var elsewhere = await Browser.SignedInAsync(app, mentor);
        var longPassword = string.Concat(Enumerable.Repeat("quiet kettles hum ", 8)) + "over tea at dawn"; // long, and no short unit repeated

        var wrong = await here.SubmitAsync("/account", "Change password", new()
        {
            ["Input.Current"] = "Not-the-password-36", ["Input.Password"] = longPassword, ["Input.Confirm"] = longPassword,
        });
        (await Browser.ParseAsync(wrong)).QuerySelector("#current-error")!.TextContent.ShouldContain("not your current password");

        (await here.SubmitAsync("/account", "Change password", new()
        {
            ["Input.Current"] = mentor.Password, ["Input.Password"] = longPassword, ["Input.Confirm"] = longPassword,
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        (await here.Client.GetAsync(new Uri("/week", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK, "this browser stays signed in");
        (await elsewhere.Client.GetAsync(new Uri("/week", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect, "the other session ended");
        (await new Browser(app.NewClient()).SignInAsync(mentor.Email, longPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
