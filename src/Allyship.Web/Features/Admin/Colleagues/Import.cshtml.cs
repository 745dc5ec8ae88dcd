using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Colleagues;

/// <summary>Upload → preview (adds, updates, every bad row with its line) → import all or nothing.</summary>
public sealed class ImportModel(ImportColleagues.Handler handler) : AdminPageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The previewed file, carried to the confirm step so exactly what was previewed is imported.</summary>
    [BindProperty]
    public string? FileContent { get; set; }

    [BindProperty]
    public string? FileName { get; set; }

    public ImportColleagues.Report? Report { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (Upload is not { Length: > 0 })
        {
            ModelState.AddModelError("Upload", "Choose a CSV file to upload.");
            return Page();
        }

        if (Upload.Length > Infrastructure.Csv.CsvText.MaxBytes)
        {
            Report = new ImportColleagues.Report([$"The file is larger than the limit of {Infrastructure.Csv.CsvText.MaxBytes / (1024 * 1024)} MB. Split it into smaller files."], [], [], 0);
            return Page();
        }

        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        Report = await handler.PreviewAsync(bytes, ct);
        FileContent = Convert.ToBase64String(bytes);
        FileName = Path.GetFileName(Upload.FileName);
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(FileContent ?? "");
        }
        catch (FormatException)
        {
            return BadRequest();
        }

        Report = await handler.ImportAsync(User, bytes, FileName ?? "upload.csv", ct);
        if (!Report.IsValid)
        {
            return Page();
        }

        TempData["Status"] = $"Imported: {Report.Adds} added, {Report.Updates} updated, {Report.Unchanged} unchanged.";
        return Redirect("/admin/colleagues");
    }
}
