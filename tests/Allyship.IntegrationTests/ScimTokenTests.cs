using System.Net;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// Provisioning tokens: an admin creates one on the Provisioning page (through its own form), sees it once, and
/// revokes it; SCIM requests without a usable token get 401 with a SCIM error; each token is rate limited.
/// </summary>
public sealed class ScimTokenTests(ScimTokenTests.App app, ITestOutputHelper output) : IClassFixture<ScimTokenTests.App>
{
    public sealed class App : AppFixtureBase
    {
        public App() => Settings["Provisioning:RequestsPerMinute"] = "20";
    }

    private readonly AppFixtureBase _app = app.LogTo(output);
    private TestData Data => new(_app);

    [Fact]
    public async Task An_admin_creates_a_token_sees_it_once_and_revokes_it()
    {
        var admin = await Browser.SignedInAsync(_app, await Data.UserAsync(Roles.ProgramAdmin));
        var page = await admin.GetPageAsync("/admin/provisioning");
        page.QuerySelector("#tenant-url")!.TextContent.ShouldBe("https://allyship.example.org/scim/v2");

        var missing = await Browser.ParseAsync(await admin.SubmitAsync(page, "/admin/provisioning", "Create token"));
        missing.QuerySelector("#Name-error")!.TextContent.ShouldContain("Name the token");

        var name = TestData.Unique("Entra ID");
        var answer = await admin.SubmitAsync("/admin/provisioning", "Create token", new() { ["Name"] = name });
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        answer.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var token = (await Browser.ParseAsync(answer)).QuerySelector("#token-value")!.GetAttribute("value")!;
        token.Length.ShouldBeGreaterThanOrEqualTo(43);

        var stored = await _app.WithDbAsync(db => db.ProvisioningTokens.AsNoTracking().SingleAsync(t => t.Name == name));
        stored.TokenHash.ShouldNotContain(token);
        var again = await admin.GetPageAsync("/admin/provisioning");
        again.QuerySelector("#token-value").ShouldBeNull("shown once");
        again.Body!.TextContent.ShouldNotContain(token);

        var scim = ScimClient.WithToken(_app, token);
        (await scim.GetAsync("/Users?count=1")).Status.ShouldBe(HttpStatusCode.OK);
        (await _app.WithDbAsync(db => db.ProvisioningTokens.AsNoTracking().SingleAsync(t => t.Name == name))).LastUsedUtc.ShouldNotBeNull();

        (await admin.SubmitAsync("/admin/provisioning", $"Revoke the token {name}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await scim.GetAsync("/Users")).ShouldBeError(HttpStatusCode.Unauthorized);
        var actions = await _app.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(a => a.Target == name).Select(a => a.Action).ToListAsync());
        actions.ShouldBe(["provisioning.token-create", "provisioning.token-revoke"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_mentor_cannot_open_the_provisioning_page()
    {
        var mentor = await Browser.SignedInAsync(_app, await Data.UserAsync(Roles.Mentor));
        (await mentor.StatusOfAsync("/admin/provisioning")).ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task Without_a_usable_token_every_endpoint_answers_401_in_SCIM(string? token)
    {
        var scim = ScimClient.WithToken(_app, token);
        foreach (var path in new[] { "/Users", "/Groups", "/ServiceProviderConfig", "/Users/1" })
        {
            var answer = await scim.GetAsync(path);
            answer.ShouldBeError(HttpStatusCode.Unauthorized);
            answer.Response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
        }

        (await scim.PostAsync("/Users", """{"userName":"x@example.com"}""")).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_signed_in_admins_cookie_is_not_a_token()
    {
        var admin = await Browser.SignedInAsync(_app, await Data.UserAsync(Roles.ProgramAdmin));
        var answer = await new ScimClient(admin.Client).GetAsync("/Users");
        answer.ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Each_token_is_rate_limited_on_its_own()
    {
        var busy = await ScimClient.WithTokenAsync(_app, "busy");
        var other = await ScimClient.WithTokenAsync(_app, "other");
        ScimClient.Answer? last = null;
        for (var i = 0; i < 21; i++)
        {
            last = await busy.GetAsync("/ServiceProviderConfig");
        }

        last!.ShouldBeError(HttpStatusCode.TooManyRequests);
        last.Response.Headers.RetryAfter.ShouldNotBeNull();
        (await other.GetAsync("/ServiceProviderConfig")).Status.ShouldBe(HttpStatusCode.OK);
    }
}
