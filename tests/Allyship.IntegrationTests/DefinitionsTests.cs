using System.Net;
using System.Text;
using Allyship.Web.Data;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Rollups;
using static Allyship.TestSupport.Moments;

namespace Allyship.IntegrationTests;

/// <summary>
/// "What these numbers mean" lists exactly the numbers its page shows (each number on the page carries data-metric), from
/// the one catalogue; the workbook's Definitions sheet has a row per number in the workbook.
/// </summary>
public sealed class DefinitionsTests
{
    [Fact]
    public async Task The_dashboard_and_the_report_preview_define_every_number_they_show_and_the_workbook_has_a_definitions_sheet()
    {
        await using var app = new AppFixture();
        app.Clock.SetUtcNow(Utc(2026, 7, 6, 8));
        var data = new TestData(app);
        var program = await data.ProgramAsync(start: new DateOnly(2026, 7, 6), configure: p => p.TargetLevels = "Associate");
        var mentor = await data.MentorAsync(program);
        var colleague = await data.ColleagueAsync();
        await data.ActionAsync(mentor, program, colleague, ActionKind.SponsorNote, new DateOnly(2026, 7, 7));
        app.Clock.SetUtcNow(Utc(2026, 10, 5, 12));
        await app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync());

        var admin = await Browser.SignedInAsync(app, await data.UserAsync(Roles.ProgramAdmin));
        var hr = await Browser.SignedInAsync(app, await data.UserAsync(Roles.HR));
        foreach (var (browser, url, place) in new[]
        {
            (admin, $"/admin/programs/{program.Id}?period=12", MetricDefinitions.Dashboard),
            (hr, "/reports?quarter=FY2026-Q3&program=all", MetricDefinitions.Preview),
        })
        {
            var page = await browser.GetPageAsync(url);
            var shown = page.QuerySelectorAll("[data-metric]").SelectMany(e => e.GetAttribute("data-metric")!.Split(' ')).ToHashSet();
            var disclosure = page.QuerySelector("details#definitions")!;
            disclosure.QuerySelector("summary")!.TextContent.ShouldBe("What these numbers mean");
            var defined = disclosure.QuerySelectorAll("[data-definition]").Select(e => e.GetAttribute("data-definition")!).ToList();
            defined.ShouldBe(MetricDefinitions.On(place).Select(d => d.Id), $"{place}: drawn from the catalogue");
            shown.Except(defined).ShouldBeEmpty($"{place}: every number shown is defined");
            defined.Except(shown).ShouldBeEmpty($"{place}: the disclosure lists only numbers the page shows");
            foreach (var d in MetricDefinitions.On(place))
            {
                page.QuerySelector($"#def-{d.Id} dd")!.TextContent.ShouldBe(d.Sentence);
            }
        }

        var response = await hr.Client.GetAsync(new Uri("/reports/download?quarter=FY2026-Q3&program=all&format=csv&sheet=definitions", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rows = Allyship.Web.Infrastructure.Csv.CsvText.Parse(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF'))
            .Records.Select(r => r.Fields.ToArray()).ToList();
        rows[0].ShouldBe(["Number", "What it means", "Sheets"]);
        rows.Skip(1).Select(r => (r[0], r[1])).ShouldBe(MetricDefinitions.InWorkbook.Select(d => (d.Name, d.Sentence)));
        // Every data sheet is explained by at least one row, and the names the catalogue uses are the workbook's.
        var sheets = rows.Skip(1).SelectMany(r => r[2].Split(", ")).ToHashSet();
        sheets.ShouldBe(MetricDefinitions.Sheets.Select(s => s.Replace(" sheet", "", StringComparison.Ordinal)), ignoreOrder: true);
    }
}
