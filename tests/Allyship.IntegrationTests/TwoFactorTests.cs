using System.Net;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>The production default: program admins and HR must sign in with a second factor.</summary>
public sealed class TwoFactorApp : AppFixtureBase
{
    public TwoFactorApp()
    {
        RequireTwoFactorFor = "ProgramAdmin,HR";
    }
}

public sealed class TwoFactorTests(TwoFactorApp app, ITestOutputHelper output) : IClassFixture<TwoFactorApp>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Fact]
    public async Task An_admin_must_set_up_two_factor_then_signs_in_with_a_code_and_the_same_code_twice_is_refused()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var admin = await _data.UserAsync(Roles.ProgramAdmin);
        var browser = await Browser.SignedInAsync(app, admin);

        // Every page sends her to set up two-factor first.
        var blocked = await browser.Client.GetAsync(new Uri("/admin", UriKind.Relative));
        blocked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        blocked.Headers.Location!.ToString().ShouldStartWith("/account/two-factor");
        var setup = await browser.GetPageAsync("/account/two-factor?required=1");
        setup.QuerySelector(".qr-code svg").ShouldNotBeNull("the QR code is an inline SVG (no script, no external image: the CSP allows it)");
        setup.QuerySelector(".qr-code")!.InnerHtml.ShouldNotContain("style=", Case.Insensitive, "the CSP refuses inline styles");
        var key = setup.QuerySelector(".authenticator-key")!.TextContent;

        var wrong = await browser.SubmitAsync("/account/two-factor", "Turn on two-factor", new() { ["Code"] = "000000" == TestAuthenticator.CodeAt(key, app.Clock.GetUtcNow()) ? "111111" : "000000" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(wrong)).QuerySelector("#code-error")!.TextContent.ShouldContain("doesn't match");

        var enabled = await browser.SubmitAsync("/account/two-factor", "Turn on two-factor", new() { ["Code"] = TestAuthenticator.CodeAt(key, app.Clock.GetUtcNow()) });
        enabled.StatusCode.ShouldBe(HttpStatusCode.OK);
        var codes = (await Browser.ParseAsync(enabled)).QuerySelectorAll(".recovery-codes code").Select(c => c.TextContent).ToList();
        codes.Count.ShouldBe(10);
        codes.Distinct().Count().ShouldBe(10);
        (await browser.Client.GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK, "set up: the admin pages open");

        // Next sign-in: password, then a code. The enrolment's code (same 30 seconds) is refused; the next one works once.
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        var laptop = new Browser(app.NewClient());
        var first = await laptop.SignInAsync(admin.Email, admin.Password);
        first.Headers.Location!.ToString().ShouldStartWith("/account/sign-in/two-factor");
        (await laptop.Client.GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect, "a password alone is not a sign-in");

        var code = TestAuthenticator.CodeAt(key, app.Clock.GetUtcNow());
        var signedIn = await laptop.SubmitAsync("/account/sign-in/two-factor", "Sign in", new() { ["Code"] = code });
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await laptop.Client.GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Someone who saw that code over her shoulder, within the same 30 seconds, with her password.
        var onlooker = new Browser(app.NewClient());
        await onlooker.SignInAsync(admin.Email, admin.Password);
        var replay = await onlooker.SubmitAsync("/account/sign-in/two-factor", "Sign in", new() { ["Code"] = code });
        replay.StatusCode.ShouldBe(HttpStatusCode.OK, "a code is accepted once only");
        (await Browser.ParseAsync(replay)).QuerySelector("#code-error")!.TextContent.ShouldContain("each code works once");
        (await onlooker.Client.GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // A recovery code works once too.
        var recovered = await onlooker.SubmitAsync("/account/sign-in/two-factor?useRecoveryCode=true", "Sign in", new() { ["Code"] = codes[0] });
        recovered.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var again = new Browser(app.NewClient());
        await again.SignInAsync(admin.Email, admin.Password);
        (await again.SubmitAsync("/account/sign-in/two-factor?useRecoveryCode=true", "Sign in", new() { ["Code"] = codes[0] }))
            .StatusCode.ShouldBe(HttpStatusCode.OK, "a recovery code works once");

        var events = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Target == admin.Email).Select(a => a.Action).ToListAsync());
        events.ShouldContain("two-factor.on");
        events.ShouldContain("two-factor.recovery-code-used");
        events.ShouldContain("two-factor.code-refused");
        (await app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Details != null && (a.Details.Contains(code) || a.Details.Contains(admin.Password))))).ShouldBeFalse("never a code or a password in the log");
    }

    [Fact]
    public async Task A_mentor_is_not_asked_for_two_factor_but_may_turn_it_on_and_off()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow.AddHours(2));
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var browser = await Browser.SignedInAsync(app, mentor);
        (await browser.Client.GetAsync(new Uri("/week", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var key = (await browser.GetPageAsync("/account/two-factor")).QuerySelector(".authenticator-key")!.TextContent;
        (await browser.SubmitAsync("/account/two-factor", "Turn on two-factor", new() { ["Code"] = TestAuthenticator.CodeAt(key, app.Clock.GetUtcNow()) }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetPageAsync("/account")).QuerySelector("#two-factor-title + p")!.TextContent.ShouldContain("On");

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var off = await browser.SubmitAsync("/account/two-factor", "Turn two-factor off", new() { ["Code"] = TestAuthenticator.CodeAt(key, app.Clock.GetUtcNow()) });
        off.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == mentor.Id))).TwoFactorEnabled.ShouldBeFalse();
        (await new Browser(app.NewClient()).SignInAsync(mentor.Email, mentor.Password)).Headers.Location!.ToString().ShouldBe("/");
    }

    [Fact]
    public async Task A_crafted_post_cannot_turn_off_the_two_factor_her_role_needs()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow.AddHours(4));
        var hr = await _data.UserAsync(Roles.HR);
        var browser = await Browser.SignedInAsync(app, hr);
        var key = (await browser.GetPageAsync("/account/two-factor")).QuerySelector(".authenticator-key")!.TextContent;
        await browser.SubmitAsync("/account/two-factor", "Turn on two-factor", new() { ["Code"] = TestAuthenticator.CodeAt(key, app.Clock.GetUtcNow()) });

        var page = await browser.GetPageAsync("/account/two-factor");
        page.QuerySelectorAll("button").Select(b => b.TextContent).ShouldNotContain("Turn two-factor off");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        // The page offers no button for it; a hand-made post is refused all the same.
        var refused = await browser.PostCraftedAsync("/account/two-factor?handler=Disable", new() { ["Code"] = TestAuthenticator.CodeAt(key, app.Clock.GetUtcNow()) }, tokenFrom: "/account/two-factor");
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(refused)).Body!.TextContent.ShouldContain("Your role needs two-factor sign-in");
        (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == hr.Id))).TwoFactorEnabled.ShouldBeTrue();
    }
}
