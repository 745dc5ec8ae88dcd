using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Email;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>Every kind of email, rendered with its sample people through the one layout, and checked as a reader would.</summary>
public sealed class EmailTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private static readonly string[] Slugs =
    [
        "reminder", "last-call", "nudge", "weekly-summary", "admin-digest", "welcome", "invitation", "password-reset",
        "confirmation", "pulse", "concern-raised", "concern-reply", "concern-overdue", "leader-digest", "coffee-invite", "coffee-suggestion",
    ];

    public static TheoryData<string> Kinds() => new(Slugs);

    private async Task<(EmailSample Sample, EmailContent Content)> RenderAsync(string slug)
    {
        var sample = app.Services.GetServices<EmailSample>().SingleOrDefault(s => s.Slug == slug);
        sample.ShouldNotBeNull($"no sample registered for {slug}");
        return (sample, await sample.RenderAsync(app.Services));
    }

    [Fact]
    public void Every_kind_of_email_has_a_sample()
    {
        var kinds = app.Services.GetServices<EmailSample>().Select(s => s.Kind).ToHashSet();
        Enum.GetValues<EmailKind>().Where(k => k != EmailKind.Other).ShouldAllBe(k => kinds.Contains(k));
        app.Services.GetServices<EmailSample>().Select(s => s.Slug).Order().ShouldBe(Slugs.Order());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Each_email_reads_well_in_both_parts(string slug)
    {
        var (sample, email) = await RenderAsync(slug);
        output.WriteLine(email.Text);

        email.Subject.Length.ShouldBeLessThanOrEqualTo(EmailSubject.MaxLength, email.Subject);
        email.Html.ShouldStartWith("<!DOCTYPE html>");
        email.Html.ShouldContain("prefers-color-scheme: dark"); // the layout's dark mode
        email.Html.ShouldNotContain("<img"); // nothing is lost where images are blocked

        // Greets by first name (the samples' people all have two names), or "Hello," where no name is known.
        email.Text.ShouldMatch(@"^(Hi [A-Z][a-z]+,|Hello,)\n");
        email.Text.ShouldNotMatch(@"^Hi \S+ \S+,");

        // Plurals right: never "1 coffees", "1 weeks".
        email.Text.ShouldNotMatch(@"\b1 (coffees|shout-outs|sponsor notes|weeks|minutes|things|colleagues|accomplishments)\b");

        // Why it came, in the footer of both parts.
        email.Text.ShouldContain("You get this");

        // Every link in the HTML goes to the app, and the text part carries the same addresses.
        var document = new HtmlParser().ParseDocument(email.Html);
        var links = document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).ToList();
        if (slug != "coffee-invite") // the colleague's invitation: she has no account, the calendar file is the action
        {
            links.ShouldNotBeEmpty();
        }

        links.ShouldAllBe(href => href.StartsWith("https://allyship.example.org/", StringComparison.Ordinal));
        foreach (var href in links)
        {
            email.Text.ShouldContain(href);
        }

        // One primary button, at most.
        document.QuerySelectorAll("a.button").Length.ShouldBeLessThanOrEqualTo(1);
        document.QuerySelector("title")!.TextContent.ShouldBe(email.Subject);

        // Automated and bulk kinds end with a way to stop them.
        if (sample.Bulk)
        {
            document.QuerySelectorAll("td.muted a").Length.ShouldBeGreaterThan(0, "a bulk email says how to stop it");
        }

        // The snapshot in docs/emails is what the code renders (ALLYSHIP_UPDATE_SNAPSHOTS=1 rewrites it).
        Snapshot($"{slug}.html", email.Html);
        Snapshot($"{slug}.txt", $"Subject: {email.Subject}\n\n{email.Text}");
    }

    [Fact]
    public async Task Links_go_where_they_say()
    {
        (await RenderAsync("weekly-summary")).Content.Text.ShouldContain("Open that week: https://allyship.example.org/week?program=1&week=2026-11-16");
        (await RenderAsync("admin-digest")).Content.Text.ShouldContain("Open the dashboard for that week: https://allyship.example.org/admin/programs/1?period=custom&from=2026-11-16&to=2026-11-22");
        var reminder = (await RenderAsync("reminder")).Content;
        reminder.Text.ShouldContain("Log a shout-out (5 min) <https://allyship.example.org/log/shout-out?program=1>");
        reminder.Text.ShouldContain("Stop these reminders <https://allyship.example.org/unsubscribe/");
        reminder.Text.ShouldNotContain("Log a coffee"); // the coffee is done
    }

    [Fact]
    public void Text_part_keeps_paragraphs_lists_and_links()
    {
        const string html = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><style>p { color: red; }</style></head>
            <body><div data-text="skip">preheader</div><p>Hi Ben,</p><p>Two   things
            to do:</p><ul><li><a href="https://x.org/a">First</a></li><li>Second &amp; last</li></ul>
            <p><a class="button" href="https://x.org/go">Go</a></p><br></body></html>
            """;
        EmailText.FromHtml(html).ShouldBe("Hi Ben,\n\nTwo things to do:\n\n- First <https://x.org/a>\n- Second & last\n\nGo: https://x.org/go\n");
    }

    [Fact]
    public void Subjects_are_cut_at_a_word_within_sixty_characters()
    {
        EmailSubject.Fit("Short").ShouldBe("Short");
        var fitted = EmailSubject.Fit("Mentors told you about Alexandra Konstantinopoulou-Smithson this week");
        fitted.Length.ShouldBeLessThanOrEqualTo(60);
        fitted.ShouldEndWith("…");
        fitted.ShouldNotContain("Konstantinopoulou-Smithson th");
    }

    [Fact]
    public async Task Admins_preview_every_kind_as_it_arrives_and_others_may_not()
    {
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var page = await admin.GetPageAsync("/admin/emails");
        var previews = page.QuerySelectorAll("#email-previews a").Select(a => a.GetAttribute("href")!).ToList();
        previews.Count.ShouldBe(Slugs.Length);

        // Each kind: a phone-wide and a computer-wide frame of the email's own document, and its text part beside them.
        var preview = await admin.GetPageAsync(previews[0]);
        var frames = preview.QuerySelectorAll("iframe.email-frame").ToList();
        frames.Count.ShouldBe(2);
        frames.ShouldAllBe(f => f.HasAttribute("sandbox") && f.GetAttribute("sandbox") == "" && f.GetAttribute("title")!.Length > 0);
        preview.QuerySelector("#email-text")!.TextContent.ShouldContain("Hi ");

        // The frame's document may use the email's inline styles (the app's pages may not), and nothing else.
        var html = await admin.Client.GetAsync(new Uri(frames[0].GetAttribute("src")!, UriKind.Relative));
        html.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await html.Content.ReadAsStringAsync()).ShouldStartWith("<!DOCTYPE html>");
        var policy = html.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldContain("style-src 'unsafe-inline'");
        policy.ShouldContain("frame-ancestors 'self'");
        policy.ShouldContain("sandbox");
        policy.ShouldNotContain("script-src");
        html.Headers.GetValues("X-Frame-Options").Single().ShouldBe("SAMEORIGIN");
        (await admin.Client.GetAsync(new Uri("/admin/emails", UriKind.Relative))).Headers.GetValues("Content-Security-Policy").Single().ShouldContain("style-src 'self'",
            Case.Sensitive, "the app's own pages keep their strict policy");
        (await admin.Client.GetAsync(new Uri("/admin/emails/preview/nope", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var mentor = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.Mentor));
        (await mentor.Client.GetAsync(new Uri(previews[0], UriKind.Relative))).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await mentor.Client.GetAsync(new Uri(frames[0].GetAttribute("src")!, UriKind.Relative))).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    private static void Snapshot(string name, string actual)
    {
        var path = Path.Combine(Allyship.TestSupport.Repository.Root, "docs", "emails", name);
        if (Environment.GetEnvironmentVariable("ALLYSHIP_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        File.Exists(path).ShouldBeTrue($"{path} is missing: run the tests once with ALLYSHIP_UPDATE_SNAPSHOTS=1 and commit docs/emails");
        File.ReadAllText(path).ReplaceLineEndings("\n").ShouldBe(actual.ReplaceLineEndings("\n"),
            $"{name} changed: look at it, then run with ALLYSHIP_UPDATE_SNAPSHOTS=1 and commit docs/emails");
    }
}
