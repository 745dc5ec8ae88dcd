using System.Net;
using Allyship.Web.Data;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests.Security;

/// <summary>Finding (issue 31, low): personal-data exports carried no Cache-Control: no-store (only HR's report did).</summary>
public sealed class ExportCachingTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Fact]
    public async Task Every_download_a_page_links_to_tells_browsers_not_to_keep_it()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var hr = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.HR));

        var downloads = new List<(Browser Who, string Link)>
        {
            (await Browser.SignedInAsync(app, mentor), await LinkAsync(await Browser.SignedInAsync(app, mentor), "/account", "Download my data")),
            (admin, await LinkAsync(admin, $"/admin/users/{mentor.Id}", "Download everything held")),
            (admin, await LinkAsync(admin, $"/admin/colleagues/{colleague.Id}/edit", "Download everything held")),
            (admin, await LinkAsync(admin, "/admin/colleagues/import", "template")),
            (hr, await LinkAsync(hr, "/reports", "Download workbook")),
            (hr, await LinkAsync(hr, "/reports", "CSV")),
        };

        foreach (var (who, link) in downloads)
        {
            var response = await who.Client.GetAsync(new Uri(link, UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, link);
            response.Content.Headers.ContentDisposition?.DispositionType.ShouldBe("attachment", link);
            response.Headers.CacheControl?.NoStore.ShouldBe(true, $"{link} should say no-store");
        }

        // The positive control: what is not a download is not marked so by this rule.
        (await admin.Client.GetAsync(new Uri("/robots.txt", UriKind.Relative))).Headers.CacheControl?.NoStore.ShouldNotBe(true);
    }

    private static async Task<string> LinkAsync(Browser browser, string page, string text)
    {
        var document = await browser.GetPageAsync(page);
        var link = document.QuerySelectorAll("a[href]").FirstOrDefault(a => a.TextContent.Contains(text, StringComparison.OrdinalIgnoreCase));
        link.ShouldNotBeNull($"{page} has no link saying \"{text}\"");
        var href = link.GetAttribute("href")!;
        return href.StartsWith('/') ? href : $"{page.Split('?')[0]}{href}";
    }
}
