using System.Text;
using System.Text.RegularExpressions;
using Allyship.Web.Infrastructure.Email;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// One vocabulary (issue 35, item 6): every page of the demo, as each person reaches it, and every email (each kind's
/// sample and every email the demo sent) read for the phrasings docs/glossary.md retired, a date running into a count,
/// and minutes past the goal said as a fraction.
/// </summary>
[Collection(SharedDemo.Name)]
public sealed partial class VocabularyTests(DemoApp app, ITestOutputHelper output)
{
    /// <summary>The retired phrases: the first column of the glossary's *Retired* table (its one home).</summary>
    private static List<string> Retired()
    {
        var glossary = File.ReadAllLines(Path.Combine(Allyship.TestSupport.Repository.Root, "docs", "glossary.md"));
        var table = glossary.SkipWhile(l => l != "## Retired").Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();
        return table.Select(l => RetiredCell().Match(l).Groups["phrase"].Value).ToList();
    }

    /// <summary>What a reader sees wrong in one text; empty when it reads right.</summary>
    public static IEnumerable<string> Faults(string text, IReadOnlyList<string> retired)
    {
        foreach (var phrase in retired.Where(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)))
        {
            yield return $"retired \"{phrase}\"";
        }

        foreach (Match m in DateIntoCount().Matches(text))
        {
            yield return $"a date runs into a count: \"{m.Value}\"";
        }

        foreach (Match m in MinutesFraction().Matches(text))
        {
            if (int.Parse(m.Groups["done"].Value, System.Globalization.CultureInfo.InvariantCulture) > int.Parse(m.Groups["goal"].Value, System.Globalization.CultureInfo.InvariantCulture))
            {
                yield return $"minutes past the goal as a fraction: \"{m.Value}\"";
            }
        }
    }

    /// <summary>A page's words as a reader takes them in: each block, cell and option on its own line.</summary>
    public static string Readable(INode node)
    {
        var text = new StringBuilder();
        Walk(node, text);
        return Spaces().Replace(text.ToString(), " ");
    }

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "option", "br", "section", "header", "footer", "nav",
        "dt", "dd", "label", "legend", "summary", "button", "caption", "figcaption", "span",
    };

    private static void Walk(INode node, StringBuilder text)
    {
        if (node is IElement { LocalName: "script" or "style" or "template" })
        {
            return;
        }

        if (node.NodeType == NodeType.Text)
        {
            text.Append(node.TextContent.Replace('\n', ' ').Replace('\r', ' '));
            return;
        }

        var block = node is IElement e && Blocks.Contains(e.LocalName) && e.LocalName != "span";
        if (block)
        {
            text.Append('\n');
        }

        foreach (var child in node.ChildNodes)
        {
            Walk(child, text);
        }

        if (block)
        {
            text.Append('\n');
        }
    }

    [Fact]
    public void The_rules_catch_the_old_phrasings()
    {
        var retired = Retired();
        retired.ShouldContain("Shout-out with");
        retired.Count.ShouldBeGreaterThanOrEqualTo(5);
        string[] old =
        [
            "Shout-out with Chen Brown", "Sponsor note with Dana Lopez", "Hi Beatriz, 3 colleagues logged these with you",
            "In the week of 23 November 3 mentors logged these", "51 of 36 minutes", "36 of 36 min +15", "weeks run Monday to Monday",
        ];
        old.ShouldAllBe(o => Faults(o, retired).Any());
        string[] good =
        [
            "Shout-out for Chen Brown", "Told Helen Park about Dana Lopez", "In the week of 23 November, 3 mentors logged these with you",
            "36 of 36 minutes, +15 extra", "30 of 36 minutes", "Monday 7 December 10:00", "weeks of 7 Sep 2026 to 30 Nov 2026",
            "Weeks run Monday to Sunday",
        ];
        good.ShouldAllBe(g => !Faults(g, retired).Any());
    }

    [Fact]
    public async Task Every_page_of_the_demo_speaks_the_products_words()
    {
        app.LogTo(output);
        var retired = Retired();
        var pages = await app.PagesAsync();
        pages.Select(p => p.Who).Distinct().Count().ShouldBe(5, "every person's pages were read");
        pages.Count.ShouldBeGreaterThan(40);
        var faults = pages.SelectMany(p => Faults(Readable(p.Document.Body!), retired).Select(f => $"{p.Who} {p.Url}: {f}")).Distinct().ToList();
        output.WriteLine($"{pages.Count} pages read");
        faults.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_email_speaks_the_products_words()
    {
        app.LogTo(output);
        var retired = Retired();
        var texts = new List<(string Which, string Text)>();
        foreach (var sample in app.Services.GetServices<EmailSample>())
        {
            var email = await sample.RenderAsync(app.Services);
            texts.Add(($"sample {sample.Slug}: subject", email.Subject));
            texts.Add(($"sample {sample.Slug}: text", email.Text));
            texts.Add(($"sample {sample.Slug}: html", Readable(new HtmlParser().ParseDocument(email.Html).Body!)));
        }

        await app.PagesAsync(); // the crawl ran the colleague's jobs: the outbox holds every kind the demo sends
        var sent = await app.WithDbAsync(db => db.Emails.Select(e => new { e.Kind, e.Subject, e.TextBody }).ToListAsync());
        texts.AddRange(sent.SelectMany(e => new[] { ($"sent {e.Kind}: subject", e.Subject), ($"sent {e.Kind}: text", e.TextBody) }));
        output.WriteLine($"{texts.Count} email parts read");
        texts.SelectMany(t => Faults(t.Text, retired).Select(f => $"{t.Which}: {f}")).Distinct().ToList().ShouldBeEmpty();
    }

    /// <summary>The app's enum members and role names that could only come from the code: words run together ("ConcernRaised").</summary>
    private static List<string> CodeNames() =>
        new[] { typeof(Allyship.Web.Data.EmailKind).Assembly, typeof(Allyship.Web.Features.Shared.ViewerTime).Assembly }
            .SelectMany(a => a.GetTypes()).Where(t => t.IsEnum && t.Namespace?.StartsWith("Allyship", StringComparison.Ordinal) == true)
            .SelectMany(Enum.GetNames).Concat(Allyship.Web.Data.Roles.All).Where(n => CompoundName().IsMatch(n)).Distinct().ToList();

    [Fact]
    public async Task No_admin_or_HR_page_shows_a_name_from_the_code_or_a_machine_time()
    {
        app.LogTo(output);
        var names = CodeNames();
        names.ShouldContain("ConcernRaised");
        names.ShouldContain("ProgramAdmin");
        var pages = (await app.PagesAsync()).Where(p => p.Who != "colleague" && p.Who != "visitor").ToList();
        var faults = new List<string>();
        foreach (var page in pages)
        {
            var text = Readable(page.Document.Body!);
            faults.AddRange(names.Where(n => Regex.IsMatch(text, $@"\b{n}\b")).Select(n => $"{page.Who} {page.Url}: shows the code's name \"{n}\""));
            faults.AddRange(MachineTime().Matches(text).Select(m => $"{page.Who} {page.Url}: a machine time \"{m.Value}\""));
        }

        faults.Distinct().ToList().ShouldBeEmpty();
    }

    [GeneratedRegex("^[A-Z][a-z]+[A-Z][A-Za-z]*$")]
    private static partial Regex CompoundName();

    /// <summary>An ISO date with a time ("2026-11-30 14:05", "2026-11-30T14:05"): how a log writes a moment, not a person.</summary>
    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")]
    private static partial Regex MachineTime();

    [Fact]
    public async Task Every_sheet_HR_downloads_speaks_the_products_words()
    {
        app.LogTo(output);
        var retired = Retired();
        var hr = new Browser(app.NewClient());
        (await hr.SignInAsync(Allyship.Web.Features.Demo.DemoSeeder.HrEmail, Allyship.Web.Features.Demo.DemoSeeder.DemoPassword)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        var reports = await hr.GetPageAsync("/reports");
        var sheets = reports.QuerySelectorAll("#downloads a[href*='format=csv']").Select(a => a.GetAttribute("href")!).ToList();
        sheets.Count.ShouldBe(Allyship.Web.Features.Reports.ReportExport.Sheets.Count, "each sheet of the workbook is offered as a CSV");
        var faults = new List<string>();
        foreach (var sheet in sheets)
        {
            var csv = await hr.Client.GetStringAsync(new Uri(sheet, UriKind.Relative));
            output.WriteLine($"{sheet}: {csv.Split('\n')[0].Trim()}");
            faults.AddRange(Faults(csv, retired).Select(f => $"{sheet}: {f}"));
            // The people's own words: never "mentee" or "participant" for the colleague or the mentor.
            faults.AddRange(NeverSaid().Matches(csv).Select(m => $"{sheet}: says \"{m.Value}\""));
        }

        faults.Distinct().ToList().ShouldBeEmpty();
    }

    [GeneratedRegex(@"\b(?:mentees?|participants?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NeverSaid();

    [GeneratedRegex(@"^\| `(?<phrase>[^`]+)`")]
    private static partial Regex RetiredCell();

    /// <summary>"23 November 3 mentors": a day and month followed, on the same line, by a number that is not a year or a time.</summary>
    [GeneratedRegex(@"\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,3}(?![\d:.])")]
    private static partial Regex DateIntoCount();

    [GeneratedRegex(@"(?<done>\d+) of (?<goal>\d+) min")]
    private static partial Regex MinutesFraction();

    [GeneratedRegex("[ \t]+")]
    private static partial Regex Spaces();
}
