using System.Net;
using Allyship.Web.Features.People;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests.Security;

/// <summary>Finding (issue 31, low): a sign-in cookie captured before sign-out worked for up to 60 s after it.</summary>
public sealed class SignOutTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Fact]
    public async Task A_cookie_captured_before_sign_out_is_refused_at_once_on_the_instance_that_served_it()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var browser = new Browser(app.NewClient());
        var signIn = await browser.SignInAsync(mentor.Email, mentor.Password);
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var captured = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("allyship.auth=", StringComparison.Ordinal)).Split(';')[0];

        // The attacker's copy works while the person is signed in (the positive control)...
        (await WithCookieAsync(captured)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // ...and not a second after she signs out, with no minute passing for the stamp check.
        (await browser.SubmitAsync("/week", "Sign out")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await WithCookieAsync(captured);
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldContain("/account/sign-in");
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == SecurityEvents.SessionsRevoked && a.Target == mentor.Email)))
            .ShouldBe(1, "the stamp renewal is audited like the password change (issue 32)");

        // Signing in again afterwards works as ever.
        var again = await Browser.SignedInAsync(app, mentor);
        (await again.Client.GetAsync(new Uri("/week", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<HttpResponseMessage> WithCookieAsync(string cookie)
    {
        using var client = app.Server.CreateClient(); // no cookie container: sends exactly the copied cookie
        using var request = new HttpRequestMessage(HttpMethod.Get, "/week");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
