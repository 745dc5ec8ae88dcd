using System.Globalization;
using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Csv;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Reports;

/// <summary>
/// HR imports outcome events: upload with the file's date order → preview (events to add, the first rows as read, every
/// bad row with its line) → import all or nothing; the previewed file may be read again in the other date order.
/// </summary>
public sealed class OutcomesModel(ImportOutcomes.Handler handler, AllyshipDbContext db) : CsvUploadPageModel
{
    public ImportOutcomes.Report? Report { get; private set; }

    /// <summary>How the file writes a date whose year comes last; the form starts on the reader's own locale's order.</summary>
    [BindProperty]
    public DateOrder DateOrder { get; set; }

    /// <summary>The order chosen, or day first for a value no form offers.</summary>
    public DateOrder Order => Enum.IsDefined(DateOrder) ? DateOrder : DateOrder.DayMonthYear;

    /// <summary>What is recorded already, by kind: the page's "so far".</summary>
    public IReadOnlyList<(OutcomeKind Kind, int Count, DateOnly? Latest)> Recorded { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        DateOrder = BrowserOrder();
        await LoadRecordedAsync(ct);
    }

    /// <summary>An empty file with the right columns and an example row of each kind.</summary>
    public IActionResult OnGetTemplate() => CsvFile("outcomes-template.csv", ImportOutcomes.Columns,
        [["amara.okafor@example.com", "2026-03-31", "promotion"], ["bea.lin@example.com", "2026-04-15", "role change"], ["cy.ode@example.com", "2026-05-02", "exit"]]);

    /// <summary>The rows the preview refused (unknown emails too), with their line and problem, to fix and upload again.</summary>
    public async Task<IActionResult> OnPostBadRowsAsync(CancellationToken ct) =>
        PreviewedFile() is { } bytes ? BadRowsFile(bytes, (await handler.PreviewAsync(bytes, Order, ct)).RowErrors) : BadRequest();

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        var (bytes, tooLarge) = await ReadUploadAsync(ct);
        if (tooLarge is not null)
        {
            Report = new ImportOutcomes.Report([tooLarge], [], [], 0);
        }
        else if (bytes is not null)
        {
            Report = await handler.PreviewAsync(bytes, Order, ct);
        }

        await LoadRecordedAsync(ct);
        return Page();
    }

    /// <summary>The previewed file read again in the order now chosen, without uploading it again.</summary>
    public async Task<IActionResult> OnPostRereadAsync(CancellationToken ct)
    {
        if (PreviewedFile() is not { } bytes)
        {
            return BadRequest();
        }

        Report = await handler.PreviewAsync(bytes, Order, ct);
        await LoadRecordedAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (PreviewedFile() is not { } bytes)
        {
            return BadRequest();
        }

        Report = await handler.ImportAsync(User, bytes, FileName ?? "outcomes.csv", Order, ct);
        if (!Report.IsValid)
        {
            await LoadRecordedAsync(ct);
            return Page();
        }

        TempData["Status"] = Text.Words.Plural(Report.Adds.Count, "Imported {0} outcome event; {1} already recorded.", "Imported {0} outcome events; {1} already recorded.", Report.AlreadyRecorded);
        return Redirect("/reports/outcomes");
    }

    /// <summary>The date order of the browser's first language (en-US: month first), else day first.</summary>
    private DateOrder BrowserOrder()
    {
        var language = Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault()?.Value.Value;
        try
        {
            return ImportDate.OrderOf(string.IsNullOrEmpty(language) || language == "*" ? null : CultureInfo.GetCultureInfo(language));
        }
        catch (CultureNotFoundException)
        {
            return DateOrder.DayMonthYear;
        }
    }

    private async Task LoadRecordedAsync(CancellationToken ct) =>
        Recorded = (await db.Outcomes.AsNoTracking().GroupBy(o => o.Kind)
                .Select(g => new { g.Key, Count = g.Count(), Latest = g.Max(o => o.OccurredOn) }).ToListAsync(ct))
            .OrderBy(r => r.Key).Select(r => (r.Key, r.Count, (DateOnly?)r.Latest)).ToList();
}
