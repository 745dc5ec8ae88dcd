using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Audit;

/// <summary>Every admin change and security event, newest first; filtered by person and by kind.</summary>
public sealed class IndexModel(AuditLog audit, ViewerTime viewer) : AdminPageModel
{
    public const int PageSize = 100;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyList<string> Kinds { get; private set; } = [];
    public int PageNumber { get; private set; }

    /// <summary>The zone times are shown in: the viewer's own (Settings), else her programs' zone when they share one, else UTC.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public bool HasMore { get; private set; }

    /// <summary>An email: entries by that person or about them.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Person { get; set; }

    /// <summary>An action ("signin.failed") or a family of them ("signin").</summary>
    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    public async Task OnGetAsync(int page = 1, CancellationToken ct = default)
    {
        PageNumber = Math.Max(1, page);
        (Entries, HasMore) = await audit.PageAsync(PageNumber, PageSize, Kind, ct, Person);
        Kinds = await audit.KindsAsync(ct);
        Zone = await viewer.ZoneAsync(User, ct);
    }

    public string When(DateTime utc) => ViewerTime.Format(utc, Zone);

    public string PageLink(int page) =>
        "?" + string.Join("&", new[] { ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("person", Person), ("kind", Kind) }
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
}
