using System.Net.Http.Headers;

namespace Allyship.IntegrationTests;

/// <summary>Fast static assets: fingerprinted files cached for a year, compressed; pages never compressed; Chart.js only where a chart is.</summary>
public sealed class StaticAssetTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Fingerprinted_files_are_cached_for_a_year_and_compressed_while_pages_are_not_compressed()
    {
        var page = await new Browser(app.NewClient()).GetPageAsync("/account/sign-in");
        var css = page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).ToList();
        css.ShouldNotBeEmpty();
        css.ShouldAllBe(href => href.Contains("?v="));
        page.QuerySelector("script[src*='chart']").ShouldBeNull(); // Chart.js only on the dashboard

        foreach (var (encoding, expected) in new[] { ("br", "br"), ("gzip", "gzip") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, css[^1]);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            var response = await app.NewClient().SendAsync(request);
            response.EnsureSuccessStatusCode();
            response.Content.Headers.ContentEncoding.ShouldBe([expected]);
            response.Headers.CacheControl!.ToString().ShouldBe("public, max-age=31536000, immutable");
        }

        var unversioned = await app.NewClient().GetAsync(new Uri("/css/site.css", UriKind.Relative));
        unversioned.Headers.CacheControl!.MaxAge.ShouldBe(TimeSpan.FromHours(1));

        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        pageRequest.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        (await app.NewClient().SendAsync(pageRequest)).Content.Headers.ContentEncoding.ShouldBeEmpty();
    }
}
