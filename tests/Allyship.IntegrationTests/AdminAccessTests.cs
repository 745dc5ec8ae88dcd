using System.Net;
using Allyship.Web.Data;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>Every admin page, for every role: anonymous → sign-in, mentor and HR → 403, program admin → 200.</summary>
public sealed class AdminAccessTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private async Task<List<string>> AdminPagesAsync()
    {
        var program = await _data.ProgramAsync();
        var colleague = await _data.ColleagueAsync();
        return
        [
            "/admin", "/admin/programs/new", $"/admin/programs/{program.Id}", $"/admin/programs/{program.Id}/edit",
            $"/admin/programs/{program.Id}/mentors", "/admin/invitations", "/admin/colleagues", $"/admin/colleagues/{colleague.Id}/edit",
            "/admin/colleagues/import", "/admin/audit", "/admin/provisioning",
        ];
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_from_every_admin_page()
    {
        foreach (var url in await AdminPagesAsync())
        {
            var response = await app.NewClient().GetAsync(new Uri(url, UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, url);
            response.Headers.Location!.ToString().ShouldContain("/account/sign-in", customMessage: url);
        }
    }

    [Theory]
    [InlineData(Roles.Mentor)]
    [InlineData(Roles.HR)]
    public async Task Mentors_and_HR_get_403_on_every_admin_page(string role)
    {
        var browser = await Browser.SignedInAsync(app, await _data.UserAsync(role));
        foreach (var url in await AdminPagesAsync())
        {
            (await browser.Client.GetAsync(new Uri(url, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden, url);
        }
    }

    [Fact]
    public async Task Program_admins_open_every_admin_page()
    {
        var browser = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        foreach (var url in await AdminPagesAsync())
        {
            (await browser.Client.GetAsync(new Uri(url, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK, url);
        }
    }

    [Fact]
    public async Task A_mentors_crafted_post_to_an_admin_page_is_forbidden()
    {
        var mentor = await Browser.SignedInAsync(app, await _data.MentorAsync(await _data.ProgramAsync()));
        var before = await app.WithDbAsync(db => Task.FromResult(db.Programs.Count()));
        var response = await mentor.PostCraftedAsync("/admin/programs/new", new() { ["Input.Name"] = "Sneaky", ["Input.TimeZoneId"] = "UTC", ["Input.StartDate"] = "2026-11-01" }, tokenFrom: "/week");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.WithDbAsync(db => Task.FromResult(db.Programs.Count()))).ShouldBe(before);
    }
}
