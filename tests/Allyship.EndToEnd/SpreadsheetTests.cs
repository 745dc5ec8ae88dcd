using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Allyship.Web.Features.Demo;
using Allyship.Web.Infrastructure.Csv;

namespace Allyship.EndToEnd;

/// <summary>
/// The workbook HR downloads, opened by a real spreadsheet program (LibreOffice Calc, headless): every sheet reads, the
/// Summary shows the preview's numbers, and the Mentors sheet holds the same cells as the Mentors CSV.
/// </summary>
[Collection("Browser")]
public sealed class SpreadsheetTests(BrowserHost host)
{
    private static readonly string[] SheetNames = ["Summary", "Weeks", "Mentors", "Departments", "Colleagues"];

    [SpreadsheetFact]
    public async Task The_workbook_opens_in_LibreOffice_with_the_previews_numbers()
    {
        var context = await host.NewContextAsync(Viewport.Desktop);
        var ui = new Ui(await context.NewPageAsync(), Input.Mouse, Viewport.Desktop);
        await ui.SignInAsync(DemoSeeder.HrEmail, DemoSeeder.DemoPassword);
        await ui.GoAsync("/reports?quarter=FY2026-Q3&program=all");
        var preview = new Dictionary<string, string>();
        foreach (var id in new[] { "enrolled", "active", "complete", "minutes", "reach" })
        {
            preview[id] = (await ui.Locate($"#sum-{id}").InnerTextAsync()).Replace(",", "", StringComparison.Ordinal);
        }

        var folder = Directory.CreateTempSubdirectory("allyship-calc-").FullName;
        var workbook = Path.Combine(folder, "report.xlsx");
        await (await ui.DownloadAsync(ui.Link("Download workbook (XLSX)"))).SaveAsAsync(workbook);
        var csv = await context.APIRequest.GetAsync("/reports/download?quarter=FY2026-Q3&program=all&format=csv&sheet=mentors");
        csv.Ok.ShouldBeTrue();
        var mentorsCsv = CsvText.Parse(await csv.BodyAsync());

        await ConvertAsync(workbook, folder);
        var sheets = SheetNames.ToDictionary(s => s, s => CsvText.Parse(File.ReadAllBytes(Path.Combine(folder, $"report-{s}.csv"))));
        foreach (var (name, sheet) in sheets)
        {
            sheet.Error.ShouldBeNull(name);
            sheet.Records.Count.ShouldBeGreaterThan(1, $"{name} has no rows in LibreOffice");
        }

        var summary = sheets["Summary"].Records.ToDictionary(r => r.Fields[0], r => r.Fields[1]);
        summary["Mentors enrolled"].ShouldBe(preview["enrolled"]);
        summary["Mentors active"].ShouldBe(preview["active"]);
        summary["Weeks complete"].ShouldBe(preview["complete"]);
        summary["Minutes"].ShouldBe(preview["minutes"]);
        summary["Colleagues reached"].ShouldBe(preview["reach"]);

        var calcMentors = sheets["Mentors"].Records.Select(r => Normalise(r.Fields)).ToList();
        calcMentors.ShouldBe(mentorsCsv.Records.Select(r => Normalise(r.Fields)).ToList());

        // Printed, each sheet is one landscape page wide: the demo's ten sheets and their few dozen rows take about a page
        // each (without the print setup, Calc cut the wide sheets into 30 portrait pages).
        await ConvertAsync(workbook, folder, "pdf");
        var pdf = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(Path.Combine(folder, "report.pdf")));
        var pages = Regex.Count(pdf, @"/Type\s*/Page[^s]");
        var rows = Directory.GetFiles(folder, "report-*.csv").Sum(f => CsvText.Parse(File.ReadAllBytes(f)).Records.Count);
        var sheetCount = Directory.GetFiles(folder, "report-*.csv").Length;
        pages.ShouldBeGreaterThanOrEqualTo(sheetCount);
        pages.ShouldBeLessThanOrEqualTo(sheetCount + (rows / 25), $"{pages} pages for {sheetCount} sheets of {rows} rows");
    }

    /// <summary>
    /// Numbers as numbers (Calc may write 50 where the CSV has 50.0), text as it is; a percentage as its points (the
    /// workbook's 7.7% is the CSV's 7.7).
    /// </summary>
    private static string Normalise(IReadOnlyList<string> fields) => string.Join("|", fields.Select(f =>
        decimal.TryParse(f.EndsWith('%') ? f[..^1] : f, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d.ToString("0.###", CultureInfo.InvariantCulture) : f));

    private static async Task ConvertAsync(string workbook, string folder, string to = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
    {
        // By default every sheet to its own UTF-8 CSV (the last token, -1); a private profile so parallel runs don't share one.
        var start = new ProcessStartInfo(SpreadsheetEnvironment.SofficePath)
        {
            ArgumentList =
            {
                $"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", to, "--outdir", folder, workbook,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start).ShouldNotBeNull();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token) + await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.ShouldBe(0, output);
    }
}

/// <summary>LibreOffice for <see cref="SpreadsheetTests"/>: installed by .ci/run, skipped loudly elsewhere without it.</summary>
public static class SpreadsheetEnvironment
{
    public static string SofficePath { get; } = Environment.GetEnvironmentVariable("SOFFICE_PATH") is { Length: > 0 } p ? p : "/usr/bin/soffice";

    public static string? SkipReason { get; } = BrowserEnvironment.SkipReason ?? (File.Exists(SofficePath) || BrowserEnvironment.IsCi
        ? null
        : $"SPREADSHEET TEST SKIPPED: no LibreOffice at {SofficePath} (apt-get install libreoffice-calc-nogui). It never skips when CI=true.");
}

public sealed class SpreadsheetFactAttribute : FactAttribute
{
    public SpreadsheetFactAttribute()
    {
        Skip = SpreadsheetEnvironment.SkipReason;
    }
}
