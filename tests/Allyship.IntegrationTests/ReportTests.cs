using System.Globalization;
using System.Net;
using System.Text;
using Allyship.Web.Data;
using Allyship.Web.Features.Rollups;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using static Allyship.TestSupport.Moments;

namespace Allyship.IntegrationTests;

/// <summary>HR's quarterly report against a small data set whose totals are counted independently from the raw actions.</summary>
public sealed class ReportTests
{
    private sealed record Scenario(AppFixture App, PledgeProgram Program, Browser Hr, List<TestUser> Mentors);

    /// <summary>
    /// FY2026 Q3 (calendar July to September 2026, January fiscal start). Six Engineering mentors and one in Legal, all
    /// from Monday 6 July. Mentor i completes the week of 6 July when i is even, and logs a coffee in the week of
    /// 13 July. The colleague "=HYPERLINK("x")" receives every sponsor note. Weeks are closed by the rollup job.
    /// </summary>
    private static async Task<Scenario> ScenarioAsync()
    {
        var app = new AppFixture();
        app.Clock.SetUtcNow(Utc(2026, 7, 6, 8));
        var data = new TestData(app);
        var program = await data.ProgramAsync(start: new DateOnly(2026, 7, 6));
        var mentors = new List<TestUser>();
        for (var i = 0; i < 7; i++)
        {
            mentors.Add(await data.MentorAsync(program));
        }

        await app.WithDbAsync(async db =>
        {
            foreach (var (m, i) in mentors.Select((m, i) => (m, i)))
            {
                (await db.Users.SingleAsync(u => u.Id == m.Id)).Department = i < 6 ? "Engineering" : "Legal";
            }

            return await db.SaveChangesAsync();
        });
        var evil = await data.ColleagueAsync(name: "=HYPERLINK(\"x\")", department: "Sales");
        var plain = await data.ColleagueAsync(name: "Plain Colleague");
        for (var i = 0; i < mentors.Count; i++)
        {
            if (i % 2 == 0)
            {
                await data.ActionAsync(mentors[i], program, plain, ActionKind.Coffee, new DateOnly(2026, 7, 7));
                await data.ActionAsync(mentors[i], program, plain, ActionKind.ShoutOut, new DateOnly(2026, 7, 8));
                await data.ActionAsync(mentors[i], program, evil, ActionKind.SponsorNote, new DateOnly(2026, 7, 9));
            }

            await data.ActionAsync(mentors[i], program, plain, ActionKind.Coffee, new DateOnly(2026, 7, 14));
        }

        app.Clock.SetUtcNow(Utc(2026, 10, 5, 12)); // Q3 is over and every week of it closed
        await app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync());
        var hr = await Browser.SignedInAsync(app, await data.UserAsync(Roles.HR));
        return new Scenario(app, program, hr, mentors);
    }

    [Fact]
    public async Task The_preview_and_every_export_agree_with_sums_of_the_raw_actions()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;

        // Independent counts from the raw actions of the quarter's weeks.
        var raw = await app.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.ProgramId == s.Program.Id && a.WeekStart >= new DateOnly(2026, 7, 6) && a.WeekStart <= new DateOnly(2026, 9, 28)).ToListAsync());
        var minutes = raw.Sum(a => a.Minutes);
        var completeWeeks = raw.GroupBy(a => (a.MentorId, a.WeekStart)).Count(g => g.Select(a => a.Kind).Distinct().Count() == 3);
        var reach = raw.Select(a => a.ColleagueId).Distinct().Count();
        (minutes, completeWeeks, reach).ShouldBe((4 * 36 + 7 * 30, 4, 2));

        var preview = await s.Hr.GetPageAsync("/reports?quarter=FY2026-Q3&program=all");
        preview.QuerySelector("#no-data").ShouldBeNull();
        // A quarter with no closed week yet says so and what to do, instead of a page of zeros.
        var future = await s.Hr.GetPageAsync("/reports?quarter=FY2027-Q1&program=all");
        future.QuerySelector("#no-data")!.TextContent.ShouldContain("No closed weeks in FY2027 Q1 yet");
        preview.QuerySelector("#sum-enrolled")!.TextContent.ShouldBe("7");
        preview.QuerySelector("#sum-active")!.TextContent.ShouldBe("7");
        preview.QuerySelector("#sum-complete")!.TextContent.ShouldBe(completeWeeks.ToString());
        preview.QuerySelector("#sum-minutes")!.TextContent.ShouldBe(minutes.ToString("N0"));
        preview.QuerySelector("#sum-reach")!.TextContent.ShouldBe(reach.ToString());
        preview.Body!.TextContent.ShouldContain("counts in the quarter holding its Monday");

        // Minutes by level of allyship: the preview and the Summary sheet against the raw actions.
        var levels = preview.QuerySelectorAll("#levels-table tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();
        levels.Select(l => l[0]).ShouldBe(["Interpersonal (coffee)", "Public (shout-out)", "Systemic (sponsor note)"]);
        levels.Select(l => l[2]).ShouldBe(new[] { ActionKind.Coffee, ActionKind.ShoutOut, ActionKind.SponsorNote }.Select(k => raw.Where(a => a.Kind == k).Sum(a => a.Minutes).ToString("N0")));
        var levelsCsv = await DownloadCsvAsync(s.Hr, "levels");
        levelsCsv.Skip(1).Select(r => (r[0], r[2])).ShouldBe(levels.Select(l => (l[0], l[2].Replace(",", ""))));
        levelsCsv.Single(r => r[0] == "Systemic (sponsor note)")[2].ShouldBe(raw.Where(a => a.Kind == ActionKind.SponsorNote).Sum(a => a.Minutes).ToString());

        var mentorsCsv = await DownloadCsvAsync(s.Hr, "mentors");
        mentorsCsv.Skip(1).Sum(r => int.Parse(r[10])).ShouldBe(minutes);
        mentorsCsv.Skip(1).Sum(r => int.Parse(r[5])).ShouldBe(completeWeeks);
        mentorsCsv.Skip(1).Sum(r => int.Parse(r[9])).ShouldBe(raw.Count(a => a.Kind == ActionKind.SponsorNote));
        mentorsCsv.Count.ShouldBe(8);
        // Per mentor: minutes and distinct colleagues as the raw actions have them, and the rows in name order.
        foreach (var m in s.Mentors)
        {
            var row = mentorsCsv.Single(r => r[1] == m.Email);
            int.Parse(row[10]).ShouldBe(raw.Where(a => a.MentorId == m.Id).Sum(a => a.Minutes));
            int.Parse(row[11]).ShouldBe(raw.Where(a => a.MentorId == m.Id).Select(a => a.ColleagueId).Distinct().Count());
        }

        mentorsCsv.Skip(1).Select(r => r[0]).ShouldBeInOrder(SortDirection.Ascending, StringComparer.Ordinal);

        var colleaguesCsv = await DownloadCsvAsync(s.Hr, "colleagues");
        colleaguesCsv.Skip(1).Sum(r => int.Parse(r[3]) + int.Parse(r[4]) + int.Parse(r[5])).ShouldBe(raw.Count);
    }

    [Fact]
    public async Task A_formula_in_a_name_comes_out_as_text_in_csv_and_xlsx()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var colleagues = await DownloadCsvAsync(s.Hr, "colleagues");
        colleagues.Single(r => r[0].Contains("HYPERLINK", StringComparison.Ordinal))[0].ShouldBe("'=HYPERLINK(\"x\")");

        var response = await s.Hr.Client.GetAsync(new Uri("/reports/download?quarter=FY2026-Q3&program=all&format=xlsx", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldBe("allyship-FY2026-Q3-all-programs.xlsx");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();

        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var workbook = SpreadsheetDocument.Open(stream, false);
        var part = workbook.WorkbookPart!;
        part.Workbook.Sheets!.Elements<Sheet>().Select(x => x.Name!.Value).ShouldBe(["Summary", "Weeks", "Mentors", "Departments", "Colleagues", "Levels", "Spread", "Voice", "Outcomes", "Definitions"]);
        var cells = part.WorksheetParts.SelectMany(w => w.Worksheet.Descendants<Cell>()).ToList();
        cells.ShouldAllBe(c => c.CellFormula == null);
        var shared = part.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var texts = cells.Select(c => c.DataType?.Value == CellValues.SharedString ? shared[int.Parse(c.CellValue!.Text)] : c.InnerText).ToList();
        // An XLSX string cell is text and cannot run, so the name is written as it is (the apostrophe is for CSV only).
        texts.ShouldContain("=HYPERLINK(\"x\")");
        texts.ShouldNotContain("'=HYPERLINK(\"x\")");
    }

    [Fact]
    public async Task The_workbook_reads_like_a_product_bold_frozen_headers_filters_widths_percentages_dates_and_print_setup()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var preview = await s.Hr.GetPageAsync("/reports?quarter=FY2026-Q3&program=all");
        var link = preview.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Download workbook (XLSX)").GetAttribute("href")!;
        var response = await s.Hr.Client.GetAsync(new Uri(link, UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var workbook = SpreadsheetDocument.Open(stream, false);
        var part = workbook.WorkbookPart!;
        var cells = new WorkbookCells(part);
        var sheets = part.Workbook.Sheets!.Elements<Sheet>().ToDictionary(x => x.Name!.Value!, x => (WorksheetPart)part.GetPartById(x.Id!));
        sheets.Keys.ShouldContain("Definitions");

        foreach (var (name, sheet) in sheets)
        {
            var rows = sheet.Worksheet.Descendants<Row>().ToList();
            var header = rows[0].Elements<Cell>().ToList();
            header.ShouldAllBe(c => cells.IsBold(c), $"{name}: the header row is bold");
            rows.Skip(1).SelectMany(r => r.Elements<Cell>()).ShouldAllBe(c => !cells.IsBold(c), $"{name}: only the header is bold");

            // Frozen below the header: it stays in view while the rows scroll.
            var pane = sheet.Worksheet.Descendants<Pane>().Single();
            (pane.VerticalSplit?.Value, pane.State?.Value, pane.TopLeftCell?.Value).ShouldBe((1d, PaneStateValues.Frozen, "A2"), name);

            // A filter over the whole table, header to last row: the sheet's table carries it (an empty sheet, its header).
            var lastColumn = (char)('A' + header.Count - 1);
            var filter = sheet.TableDefinitionParts.SingleOrDefault()?.Table.AutoFilter ?? sheet.Worksheet.Elements<AutoFilter>().Single();
            filter.Reference!.Value.ShouldBe($"A1:{lastColumn}{rows.Count}", name);

            // Every column has a width of its own, none wider than the cap.
            var columns = sheet.Worksheet.Descendants<Column>().ToList();
            columns.Count.ShouldBe(header.Count, name);
            columns.ShouldAllBe(c => c.CustomWidth! && c.Width! > 0 && c.Width! <= Allyship.Web.Features.Reports.XlsxSink.MaxWidth, name);

            // Printed landscape, one page wide and as many down as its rows need, the header on every page.
            sheet.Worksheet.GetFirstChild<SheetProperties>()!.PageSetupProperties!.FitToPage!.Value.ShouldBeTrue(name);
            var setup = sheet.Worksheet.Elements<PageSetup>().Single();
            (setup.Orientation!.Value, setup.FitToWidth!.Value, setup.FitToHeight!.Value).ShouldBe((OrientationValues.Landscape, 1u, 0u), name);
            sheet.Worksheet.Elements<HeaderFooter>().Single().OddFooter!.Text.ShouldContain("&P of &N");
            var index = part.Workbook.Sheets!.Elements<Sheet>().TakeWhile(x => x.Name! != name).Count();
            part.Workbook.DefinedNames!.Elements<DefinedName>().Single(d => d.Name! == "_xlnm.Print_Titles" && d.LocalSheetId! == (uint)index).Text.ShouldBe($"'{name}'!$1:$1");
        }

        // What the schema allows where: the print setup sits in its place between the data and the table.
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(workbook).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        errors.ShouldBeEmpty();

        // Widths from content: each email fits its column, and a column of small counts stays narrower than it.
        var mentors = sheets["Mentors"].Worksheet;
        double Width(Worksheet sheet, int column) => sheet.Descendants<Column>().Single(c => c.Min!.Value == column).Width!.Value;
        var longestEmail = s.Mentors.Max(m => m.Email.Length);
        Width(mentors, 2).ShouldBeGreaterThanOrEqualTo(longestEmail);
        Width(mentors, 8).ShouldBeLessThan(Width(mentors, 2));
        // A definition longer than the cap wraps in a column at the cap, instead of running off the page.
        var definitions = sheets["Definitions"].Worksheet;
        Width(definitions, 2).ShouldBe(Allyship.Web.Features.Reports.XlsxSink.MaxWidth);
        var sentence = definitions.Descendants<Row>().Skip(1).Select(r => r.Elements<Cell>().ElementAt(1)).First(c => cells.Shown(c).Length > 60);
        cells.FormatOf(sentence).Alignment!.WrapText!.Value.ShouldBeTrue();

        // Percentages are numbers under a percent format, with the CSV's points; dates are numbers under a date format.
        var summaryCsv = (await DownloadCsvAsync(s.Hr, "summary")).ToDictionary(r => r[0], r => r[1]);
        var summary = sheets["Summary"].Worksheet.Descendants<Row>().Skip(1).ToDictionary(r => cells.Shown(r.Elements<Cell>().First()), r => r.Elements<Cell>().ElementAt(1));
        var completion = summary["Completion %"];
        WorkbookCells.IsNumber(completion).ShouldBeTrue();
        cells.NumberFormat(completion).ShouldBe("0.0%");
        double.Parse(completion.CellValue!.Text, CultureInfo.InvariantCulture).ShouldBe(double.Parse(summaryCsv["Completion %"], CultureInfo.InvariantCulture) / 100, 1e-9);
        cells.Shown(completion).ShouldBe(summaryCsv["Completion %"]);
        var from = summary["From"];
        WorkbookCells.IsNumber(from).ShouldBeTrue();
        cells.NumberFormat(from).ShouldBe("yyyy-mm-dd");
        DateTime.FromOADate(double.Parse(from.CellValue!.Text, CultureInfo.InvariantCulture)).ShouldBe(new DateTime(2026, 7, 1));
        summaryCsv["From"].ShouldBe("2026-07-01", "the CSV writes the date as it did");
        var firstWeek = sheets["Weeks"].Worksheet.Descendants<Row>().ElementAt(1).Elements<Cell>().ToList();
        cells.Shown(firstWeek[0]).ShouldBe("2026-07-06");
        WorkbookCells.IsNumber(firstWeek[1]).ShouldBeTrue("a count is a number");
        cells.NumberFormat(firstWeek[3]).ShouldBe("0.0%");
    }

    [Fact]
    public async Task Small_departments_are_merged_into_other_in_every_sheet_and_downloads_are_audited()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var departments = await DownloadCsvAsync(s.Hr, "departments");
        departments.ShouldNotContain(r => r[0] == "Legal");
        // Legal (one mentor) alone in "Other" would be the total minus Engineering: Engineering joins it (SmallGroups).
        departments.ShouldNotContain(r => r[0] == "Engineering");
        var other = departments.Single(r => r[0].StartsWith("Other departments", StringComparison.Ordinal));
        (other[1], other[3]).ShouldBe(("7", "4"));

        // Each hidden department, recomputed from the other sheets: the Mentors sheet never names it, so its rows cannot
        // be summed back into the numbers the Departments sheet withholds.
        var mentors = await DownloadCsvAsync(s.Hr, "mentors");
        mentors.Skip(1).ShouldNotContain(r => r[2] == "Legal" || r[2] == "Engineering");
        mentors.Skip(1).Count(r => r[2] == other[0]).ShouldBe(int.Parse(other[1]));
        mentors.Skip(1).Where(r => r[2] == other[0]).Sum(r => int.Parse(r[10])).ShouldBe(int.Parse(other[8]));
        (await DownloadCsvAsync(s.Hr, "weeks")).Count.ShouldBeGreaterThan(1, "the workbook's Weeks sheet is the preview's week-by-week table");

        var history = await s.Hr.GetPageAsync("/reports/downloads");
        var row = history.QuerySelectorAll("#downloads-table tbody tr").Select(r => r.TextContent).First(r => r.Contains("departments.csv", StringComparison.Ordinal));
        row.ShouldContain("allyship-FY2026-Q3-all-programs-departments.csv");
        row.ShouldContain("FY2026-Q3; All programs; departments; 1 rows");
    }

    [Fact]
    public async Task Csv_has_a_bom_and_rfc4180_quoting_and_the_right_headers()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var response = await s.Hr.Client.GetAsync(new Uri("/reports/download?quarter=FY2026-Q3&program=all&format=csv&sheet=summary", UriKind.Relative));
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/csv; charset=utf-8");
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe("allyship-FY2026-Q3-all-programs-summary.csv");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        Encoding.UTF8.GetString(bytes).ShouldContain("\r\n");
    }

    [Theory]
    [InlineData(Roles.Mentor)]
    [InlineData(Roles.ProgramAdmin)]
    public async Task Only_HR_previews_and_downloads(string role)
    {
        await using var app = new AppFixture();
        var data = new TestData(app);
        var other = await Browser.SignedInAsync(app, await data.UserAsync(role));
        foreach (var url in new[] { "/reports", "/reports/downloads", "/reports/download?format=csv&sheet=mentors" })
        {
            (await other.Client.GetAsync(new Uri(url, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden, url);
            var anonymous = await app.NewClient().GetAsync(new Uri(url, UriKind.Relative));
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect, url);
        }

        var hr = await Browser.SignedInAsync(app, await data.UserAsync(Roles.HR));
        (await hr.Client.GetAsync(new Uri("/reports", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<List<string[]>> DownloadCsvAsync(Browser hr, string sheet)
    {
        var response = await hr.Client.GetAsync(new Uri($"/reports/download?quarter=FY2026-Q3&program=all&format=csv&sheet={sheet}", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var parsed = Allyship.Web.Infrastructure.Csv.CsvText.Parse(text);
        parsed.Error.ShouldBeNull();
        return parsed.Records.Select(r => r.Fields.ToArray()).ToList();
    }
}
