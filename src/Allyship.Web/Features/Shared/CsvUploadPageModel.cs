using Allyship.Web.Infrastructure.Csv;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Shared;

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
