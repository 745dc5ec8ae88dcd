using System.Net;
using Allyship.Web.Data;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

public sealed class AccessTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Theory]
    [InlineData("/week")]
    [InlineData("/history")]
    [InlineData("/colleagues")]
    [InlineData("/log/coffee")]
    [InlineData("/actions/1")]
    [InlineData("/actions/1/edit")]
    [InlineData("/actions/1/delete")]
    [InlineData("/admin/jobs")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string url)
    {
        var response = await app.NewClient().GetAsync(new Uri(url, UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldStartWith("http://localhost/account/sign-in?ReturnUrl=");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/sign-in")]
    public async Task The_public_home_and_sign_in_are_open(string url) =>
        (await app.NewClient().GetAsync(new Uri(url, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

    [Fact]
    public async Task There_is_no_open_registration()
    {
        var client = app.NewClient();
        (await client.GetAsync(new Uri("/account/register", UriKind.Relative))).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await client.GetAsync(new Uri("/Identity/Account/Register", UriKind.Relative))).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_jobs_dashboard_and_operations_are_for_operators_only()
    {
        var operatorBrowser = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.Operator));
        (await operatorBrowser.Client.GetAsync(new Uri("/admin/jobs", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var operations = await operatorBrowser.GetPageAsync("/operations");
        var rows = operations.QuerySelectorAll("#jobs tbody tr").ToList();
        rows.ShouldNotBeEmpty();
        rows.ShouldContain(r => r.GetAttribute("data-job") == "email-outbox" && r.TextContent.Contains("Sending emails"));
        rows.ShouldAllBe(r => r.QuerySelector("th")!.TextContent.Trim().Contains(' '), "each job by what it does, in words");
        operations.QuerySelector("#jobs-dashboard")!.GetAttribute("href").ShouldBe("/admin/jobs");

        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        (await admin.Client.GetAsync(new Uri("/admin/jobs", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.Client.GetAsync(new Uri("/operations", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var mentor = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.Mentor));
        (await mentor.Client.GetAsync(new Uri("/admin/jobs", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var hr = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.HR));
        var forbidden = await hr.Client.GetAsync(new Uri("/admin/jobs", UriKind.Relative));
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await forbidden.Content.ReadAsStringAsync()).ShouldContain("This page isn&#x27;t for your role");
    }

    [Fact]
    public async Task The_recurring_jobs_are_visible_in_the_dashboard()
    {
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.Operator));
        var html = await (await admin.Client.GetAsync(new Uri("/admin/jobs/recurring", UriKind.Relative))).Content.ReadAsStringAsync();
        foreach (var id in new[] { "reminders", "weekly-rollup", "email-outbox" })
        {
            html.ShouldContain(id);
        }
    }

    [Fact]
    public async Task Mentor_pages_are_forbidden_to_users_without_the_mentor_role()
    {
        var hr = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.HR));
        (await hr.Client.GetAsync(new Uri("/week", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/log")]
    [InlineData("/actions/1/edit")]
    [InlineData("/actions/1/delete")]
    [InlineData("/account/sign-out")]
    [InlineData("/account/sign-in")]
    public async Task Every_crafted_post_without_an_antiforgery_token_is_refused(string url)
    {
        var program = await _data.ProgramAsync();
        var mentor = await Browser.SignedInAsync(app, await _data.MentorAsync(program));
        var colleague = await _data.ColleagueAsync();
        var before = await app.WithDbAsync(db => Task.FromResult(db.Actions.Count()));

        var response = await mentor.PostCraftedAsync(url, new Dictionary<string, string?>
        {
            ["Input.ProgramId"] = program.Id.ToString(), ["Input.Kind"] = "Coffee", ["Input.OccurredOn"] = "2026-11-25",
            ["Input.ColleagueId"] = colleague.Id.ToString(), ["Input.Email"] = "x@example.com", ["Input.Password"] = "whatever-123",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => Task.FromResult(db.Actions.Count()))).ShouldBe(before);
    }

    [Fact]
    public async Task An_unknown_page_is_a_friendly_404()
    {
        var browser = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.Mentor));
        var response = await browser.Client.GetAsync(new Uri("/no-such-page", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("We can&#x27;t find that page");
    }

    [Fact]
    public async Task Pages_carry_security_headers()
    {
        var response = await app.NewClient().GetAsync(new Uri("/", UriKind.Relative));
        response.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'self'");
    }
}
