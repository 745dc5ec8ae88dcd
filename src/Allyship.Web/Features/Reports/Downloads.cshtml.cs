using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Reports;

/// <summary>HR's record of every report download.</summary>
public sealed class DownloadsModel(AuditLog audit, Shared.ViewerTime viewer) : PageModel
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>The zone the page's times are in (the viewer's).</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task OnGetAsync(CancellationToken ct)
    {
        (Entries, _) = await audit.PageAsync(1, 500, "report.download", ct);
        Zone = await viewer.ZoneAsync(User, ct);
    }
}
