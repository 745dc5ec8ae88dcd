using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Reports;

/// <summary>HR imports outcome events: upload → preview (events to add, every bad row with its line) → import all or nothing.</summary>
public sealed class OutcomesModel(ImportOutcomes.Handler handler, AllyshipDbContext db) : CsvUploadPageModel
{
    public ImportOutcomes.Report? Report { get; private set; }

    /// <summary>What is recorded already, by kind: the page's "so far".</summary>
    public IReadOnlyList<(OutcomeKind Kind, int Count, DateOnly? Latest)> Recorded { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadRecordedAsync(ct);

    /// <summary>An empty file with the right columns and an example row of each kind.</summary>
    public IActionResult OnGetTemplate() => CsvFile("outcomes-template.csv", ImportOutcomes.Columns,
        [["amara.okafor@example.com", "2026-03-31", "promotion"], ["bea.lin@example.com", "2026-04-15", "role change"], ["cy.ode@example.com", "2026-05-02", "exit"]]);

    /// <summary>The rows the preview refused (unknown emails too), with their line and problem, to fix and upload again.</summary>
    public async Task<IActionResult> OnPostBadRowsAsync(CancellationToken ct) =>
        PreviewedFile() is { } bytes ? BadRowsFile(bytes, (await handler.PreviewAsync(bytes, ct)).RowErrors) : BadRequest();

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        var (bytes, tooLarge) = await ReadUploadAsync(ct);
        if (tooLarge is not null)
        {
            Report = new ImportOutcomes.Report([tooLarge], [], [], 0);
        }
        else if (bytes is not null)
        {
            Report = await handler.PreviewAsync(bytes, ct);
        }

        await LoadRecordedAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (PreviewedFile() is not { } bytes)
        {
            return BadRequest();
        }

        Report = await handler.ImportAsync(User, bytes, FileName ?? "outcomes.csv", ct);
        if (!Report.IsValid)
        {
            await LoadRecordedAsync(ct);
            return Page();
        }

        TempData["Status"] = $"Imported {Report.Adds.Count} outcome {(Report.Adds.Count == 1 ? "event" : "events")}; {Report.AlreadyRecorded} already recorded.";
        return Redirect("/reports/outcomes");
    }

    private async Task LoadRecordedAsync(CancellationToken ct) =>
        Recorded = (await db.Outcomes.AsNoTracking().GroupBy(o => o.Kind)
                .Select(g => new { g.Key, Count = g.Count(), Latest = g.Max(o => o.OccurredOn) }).ToListAsync(ct))
            .OrderBy(r => r.Key).Select(r => (r.Key, r.Count, (DateOnly?)r.Latest)).ToList();
}
