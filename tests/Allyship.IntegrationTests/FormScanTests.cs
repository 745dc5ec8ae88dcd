using System.Net;
using System.Text.RegularExpressions;
using Allyship.Web.Features.Demo;
using Allyship.Web.Features.Voice;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>The app as a developer runs it: Development, an empty database, the demo seeded at start.</summary>
public sealed class DemoApp : AppFixtureBase
{
    private readonly Lazy<Task<IReadOnlyList<DemoPage>>> _pages;

    public DemoApp() => _pages = new(() => DemoCrawl.RunAsync(this));

    /// <summary>Every page of the demo as each person reaches it (crawled once per fixture: the form scan and the vocabulary read the same pages).</summary>
    public Task<IReadOnlyList<DemoPage>> PagesAsync() => _pages.Value;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
    }
}

/// <summary>The demo app and its crawl, shared by the tests that read every page (the form scan, the vocabulary).</summary>
[CollectionDefinition(Name)]
public sealed class SharedDemo : ICollectionFixture<DemoApp>
{
    public const string Name = "The demo, crawled once";
}

/// <summary>One page of the demo as one person saw it.</summary>
public sealed record DemoPage(string Who, string Url, IHtmlDocument Document);

/// <summary>
/// The demo walked as each person would: every page reachable by links from the menus, for the mentor, the admin and HR;
/// the colleague's pages from the links in her emails (after the confirmation and pulse jobs ran); a visitor's pages.
/// </summary>
public static partial class DemoCrawl
{
    /// <summary>Links the crawl doesn't follow: they change something on a GET-less click, download a file, or are Hangfire's own pages.</summary>
    private static bool Skip(string path) =>
        path.StartsWith("/account/sign-out", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/admin/jobs", StringComparison.OrdinalIgnoreCase)
        || path.Contains("handler=", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/reports/download", StringComparison.OrdinalIgnoreCase)
        || path.StartsWith("/lib/", StringComparison.Ordinal) || path.StartsWith("/css/", StringComparison.Ordinal) || path.StartsWith("/js/", StringComparison.Ordinal);

    public static async Task<IReadOnlyList<DemoPage>> RunAsync(DemoApp app)
    {
        var pages = new List<DemoPage>();
        foreach (var email in new[] { DemoSeeder.MentorEmail, DemoSeeder.AdminEmail, DemoSeeder.HrEmail })
        {
            var browser = new Browser(app.NewClient());
            (await browser.SignInAsync(email, DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            await CrawlAsync(browser, email, ["/", "/week", "/admin", "/reports", "/account", "/preferences"], pages);
        }

        // The colleague's pages, from the links in her emails (no account).
        await app.RunAsync<ConfirmationJob, ConfirmationJob.Result>(job => job.RunAsync());
        await app.RunAsync<PulseJob, int>(job => job.RunAsync());
        var bodies = await app.WithDbAsync(db => db.Emails.Select(e => e.TextBody).ToListAsync());
        var colleagueLinks = bodies.SelectMany(b => AppLink().Matches(b).Select(m => m.Groups["path"].Value)).Distinct().Take(40).ToList();
        colleagueLinks.ShouldNotBeEmpty("the demo's emails carry links");
        await CrawlAsync(new Browser(app.NewClient()), "colleague", colleagueLinks, pages, followLinks: false);
        await CrawlAsync(new Browser(app.NewClient()), "visitor", ["/", "/account/sign-in", "/account/forgot-password"], pages);
        return pages;
    }

    private static async Task CrawlAsync(Browser browser, string who, IEnumerable<string> start, List<DemoPage> pages, bool followLinks = true)
    {
        var queue = new Queue<string>(start);
        var seen = new HashSet<string>(queue, StringComparer.OrdinalIgnoreCase);
        var perPath = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (queue.Count > 0 && seen.Count < 400)
        {
            var url = queue.Dequeue();
            var response = await browser.Client.GetAsync(new Uri(url, UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            var page = await Browser.ParseAsync(response);
            pages.Add(new DemoPage(who, url, page));
            if (!followLinks)
            {
                continue;
            }

            foreach (var href in page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).Where(h => h.StartsWith('/') && !h.StartsWith("//", StringComparison.Ordinal)))
            {
                var link = href.Split('#')[0];
                var path = link.Split('?')[0];
                // A few of each page (weeks, periods, filters) say all there is to say about its forms and words.
                if (link.Length == 0 || Skip(link) || perPath.GetValueOrDefault(path) >= 3 || !seen.Add(link))
                {
                    continue;
                }

                perPath[path] = perPath.GetValueOrDefault(path) + 1;
                queue.Enqueue(link);
            }
        }
    }

    [GeneratedRegex(@"https://allyship\.example\.org(?<path>/[^\s\)\]>""]+)")]
    private static partial Regex AppLink();
}

/// <summary>
/// Every form that posts carries its antiforgery token (issue 32: This week's "Log it" posted to a literal action and
/// always got a 400, and no test saw it). The scan walks the demo as each person would — every page reachable by links
/// from the menus, for the mentor, the admin and HR, and the colleague's pages from her emails — and lists every
/// <c>&lt;form method="post"&gt;</c>.
/// </summary>
[Collection(SharedDemo.Name)]
public sealed partial class FormScanTests(DemoApp app, ITestOutputHelper output)
{
    /// <summary>The pages that take a post without a token on purpose (a link from an email, one click), by their page model.</summary>
    private static readonly Dictionary<string, Type> TokenFree = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/unsubscribe"] = typeof(Allyship.Web.Features.Unsubscribe.IndexModel),
        ["/colleague/stop/"] = typeof(StopModel),
    };

    [Fact]
    public async Task Every_post_form_the_demo_shows_anyone_carries_an_antiforgery_token()
    {
        app.LogTo(output);
        var forms = (await app.PagesAsync()).SelectMany(p => p.Document.QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase))
            .Select(f => (p.Who, Page: p.Url, Action: f.GetAttribute("action") is { Length: > 0 } a ? a : p.Url,
                HasToken: f.QuerySelector("input[name=__RequestVerificationToken]") is not null))).ToList();

        foreach (var form in forms.Where(f => !f.Action.StartsWith("/account/sign-out", StringComparison.Ordinal))
            .DistinctBy(f => (f.Who, Digits().Replace(f.Page.Split('?')[0], "N"), Digits().Replace(f.Action, "N"))))
        {
            output.WriteLine($"{(form.HasToken ? "token" : "NONE ")}  {form.Who,-20} {form.Page} -> {form.Action}");
        }

        forms.Count.ShouldBeGreaterThan(30, "the scan reached the app's forms");
        forms.Select(f => f.Who).Distinct().Count().ShouldBe(5, "every person's pages were reached");
        forms.ShouldContain(f => f.Who == "colleague", "her link pages have forms");
        forms.ShouldContain(f => f.Page.StartsWith("/week", StringComparison.Ordinal) && f.Action.StartsWith("/log", StringComparison.Ordinal),
            "This week's planned coffee offers its one-tap Log it");
        var missing = forms.Where(f => !f.HasToken && !TokenFreeOnPurpose(f.Action)).Select(f => $"{f.Who}: {f.Page} -> {f.Action}").Distinct().ToList();
        missing.ShouldBeEmpty();
    }

    private static bool TokenFreeOnPurpose(string action) =>
        TokenFree.FirstOrDefault(t => action.StartsWith(t.Key, StringComparison.OrdinalIgnoreCase)).Value is { } model
        && model.GetCustomAttributes(typeof(IgnoreAntiforgeryTokenAttribute), inherit: true).Length > 0;

    [GeneratedRegex("[A-Za-z0-9_-]{20,}|[0-9]+")]
    private static partial Regex Digits();
}
