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
