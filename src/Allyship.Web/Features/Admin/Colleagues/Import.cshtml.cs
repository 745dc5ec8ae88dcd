using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Colleagues;

/// <summary>Upload → preview (adds, updates, every bad row with its line) → import all or nothing.</summary>
public sealed class ImportModel(ImportColleagues.Handler handler) : CsvUploadPageModel
{
    public ImportColleagues.Report? Report { get; private set; }

    public void OnGet()
    {
    }

    /// <summary>An empty file with the right columns and one example row, to fill in.</summary>
    public IActionResult OnGetTemplate() => CsvFile("directory-template.csv", ImportColleagues.Columns,
        [["Amara Okafor", "amara.okafor@example.com", "Engineering", "Senior engineer", "lead@example.com", "no", ""]]);

    /// <summary>The rows the preview refused, with their line and problem, to fix and upload again.</summary>
    public async Task<IActionResult> OnPostBadRowsAsync(CancellationToken ct) =>
        PreviewedFile() is { } bytes ? BadRowsFile(bytes, (await handler.PreviewAsync(bytes, ct)).RowErrors) : BadRequest();

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        var (bytes, tooLarge) = await ReadUploadAsync(ct);
        if (tooLarge is not null)
        {
            Report = new ImportColleagues.Report([tooLarge], [], [], 0);
        }
        else if (bytes is not null)
        {
            Report = await handler.PreviewAsync(bytes, ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (PreviewedFile() is not { } bytes)
        {
            return BadRequest();
        }

        Report = await handler.ImportAsync(User, bytes, FileName ?? "upload.csv", ct);
        if (!Report.IsValid)
        {
            return Page();
        }

        TempData["Status"] = $"Imported: {Report.Adds} added, {Report.Updates} updated, {Report.Unchanged} unchanged"
            + (Report.KeptByProvider.Count > 0 ? $"; {Report.KeptByProvider.Count} left to your identity provider." : ".");
        return Redirect("/admin/colleagues");
    }
}
