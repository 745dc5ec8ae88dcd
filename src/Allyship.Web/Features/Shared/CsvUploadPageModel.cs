using Allyship.Web.Infrastructure.Csv;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Shared;

/// <summary>What the shared import-errors partial shows; <paramref name="Carried"/> are the page's other choices the file was read with (its date order).</summary>
public sealed record ImportErrorsView(IReadOnlyList<string> FileErrors, IReadOnlyList<(int Line, string Reason)> RowErrors, string? FileContent, string? FileName,
    IReadOnlyDictionary<string, string>? Carried = null);

/// <summary>
/// The two steps every CSV import page shares: upload → preview (the file carried along, so exactly what was previewed
/// is imported) → import all or nothing.
/// </summary>
public abstract class CsvUploadPageModel : AdminPageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The previewed file, carried to the confirm step.</summary>
    [BindProperty]
    public string? FileContent { get; set; }

    [BindProperty]
    public string? FileName { get; set; }

    /// <summary>The uploaded bytes, or null with the sentence to show: no file, or one over the size limit.</summary>
    protected async Task<(byte[]? Bytes, string? TooLarge)> ReadUploadAsync(CancellationToken ct)
    {
        if (Upload is not { Length: > 0 })
        {
            ModelState.AddModelError("Upload", "Choose a CSV file to upload.");
            return (null, null);
        }

        if (Upload.Length > CsvText.MaxBytes)
        {
            return (null, $"The file is larger than the limit of {CsvText.MaxBytes / (1024 * 1024)} MB. Split it into smaller files.");
        }

        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        FileContent = Convert.ToBase64String(bytes);
        FileName = Path.GetFileName(Upload.FileName);
        return (bytes, null);
    }

    /// <summary>A CSV download in UTF-8 with a BOM (so a spreadsheet reads the accents): a header and rows.</summary>
    protected FileContentResult CsvFile(string fileName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var text = new System.Text.StringBuilder("\uFEFF").Append(CsvField.Line(header)).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(CsvField.Line(row)).Append("\r\n");
        }

        return File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", fileName);
    }

    /// <summary>
    /// The rows of the previewed file that can't be imported, as a CSV to correct and upload again: the file's own header
    /// and fields, then the line they were on and every problem with them.
    /// </summary>
    protected IActionResult BadRowsFile(byte[] bytes, IReadOnlyList<(int Line, string Reason)> errors)
    {
        var csv = CsvText.Parse(bytes);
        if (csv.Error is not null || csv.Records.Count == 0)
        {
            return BadRequest();
        }

        var reasons = errors.GroupBy(e => e.Line).ToDictionary(g => g.Key, g => string.Join("; ", g.Select(e => e.Reason)));
        var header = csv.Records[0].Fields;
        var rows = csv.Records.Skip(1).Where(r => reasons.ContainsKey(r.Line))
            .Select(r => (IReadOnlyList<string?>)[.. header.Select((_, i) => i < r.Fields.Count ? r.Fields[i] : ""), r.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), reasons[r.Line]]);
        var name = Path.GetFileNameWithoutExtension(FileName ?? "upload");
        return CsvFile($"{(string.IsNullOrEmpty(name) ? "upload" : name)}-to-fix.csv", [.. header, "line", "problem"], rows);
    }

    /// <summary>The previewed file posted back, or null when it was tampered with (the page answers 400).</summary>
    protected byte[]? PreviewedFile()
    {
        try
        {
            return Convert.FromBase64String(FileContent ?? "");
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
